using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;

namespace Deepthought.Twin.Ceph;

/// <summary>A Ceph command failed or did not answer in time; the message has the command and what it printed.</summary>
public sealed class CephBackendException : Exception
{
    public CephBackendException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>Runs Ceph's command-line tools with a timeout (CliWrap kills the process when it expires).</summary>
internal static class CephTool
{
    public static async Task<string> RunAsync(string executable, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, string? standardInput = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var command = Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithEnvironmentVariables(e => e.Set("CEPH_ARGS", null).Set("CEPH_CONF", null))
            .WithValidation(CommandResultValidation.None);
        if (standardInput is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(standardInput));
        }

        // Secrets only ever travel on stdin, so the command line is safe to show.
        var shown = $"{Path.GetFileName(executable)} {string.Join(' ', arguments)}";
        BufferedCommandResult result;
        try
        {
            result = await command.ExecuteBufferedAsync(cts.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CephBackendException($"`{shown}` gave no answer within {timeout.TotalSeconds:0} s", e);
        }

        if (result.ExitCode != 0)
        {
            var said = (result.StandardError.Trim().Length > 0 ? result.StandardError : result.StandardOutput).Trim();
            throw new CephBackendException($"`{shown}` exited {result.ExitCode}: {Last(said, 400)}");
        }

        return result.StandardOutput;
    }

    /// <summary>Parses a command's JSON answer (the CLI sometimes prints a blank line first).</summary>
    public static JsonObject ParseObject(string output, string what)
    {
        try
        {
            return JsonNode.Parse(output.Trim()) as JsonObject ?? throw new CephBackendException($"{what}: not a JSON object: {Last(output, 200)}");
        }
        catch (JsonException e)
        {
            throw new CephBackendException($"{what}: not JSON ({e.Message}): {Last(output, 200)}", e);
        }
    }

    public static string Last(string s, int max) => s.Length <= max ? s : "…" + s[^max..];
}
