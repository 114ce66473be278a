using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Talos;

/// <summary>
/// The Go crypto/tls Talos-API-like server of tests/go-apid, built with `go build` into a temp folder and started
/// there. It writes its own Ed25519 PKI (ca.crt, client.crt/key with O=os:reader, foreign.crt/key from another CA).
/// </summary>
public sealed class GoApid : IAsyncDisposable
{
    private readonly Process _process;

    private GoApid(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public static string? GoBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "go"))
            .FirstOrDefault(File.Exists);

    public static async Task<GoApid> StartAsync(string go)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"deepthought-goapid-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var source = Path.Combine(Repo.Root, "tests", "go-apid");
        var binary = Path.Combine(directory, "go-apid");
        // No network here: standard library only, module proxy off.
        var build = await CliWrap.Cli.Wrap(go).WithArguments(["build", "-o", binary, "."]).WithWorkingDirectory(source)
            .WithEnvironmentVariables(e => e.Set("GOPROXY", "off").Set("GOFLAGS", "-mod=mod").Set("GOTOOLCHAIN", "local"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"go build failed: {build.StandardError}");
        }

        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(directory);
        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("go-apid exited before listening");
        return new GoApid(process, directory, int.Parse(line["PORT ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A talosconfig for this server (client = the os:reader certificate, or the foreign one).</summary>
    public string WriteTalosconfig(bool foreignClient = false)
    {
        string B64(string file) => Convert.ToBase64String(File.ReadAllBytes(Path.Combine(Directory, file)));
        var client = foreignClient ? "foreign" : "client";
        var path = Path.Combine(Directory, foreignClient ? "talosconfig-foreign" : "talosconfig");
        File.WriteAllText(path, $"""
            context: go
            contexts:
                go:
                    endpoints:
                        - 127.0.0.1:{Port}
                    nodes:
                        - 192.168.1.32
                    ca: {B64("ca.crt")}
                    crt: {B64(client + ".crt")}
                    key: {B64(client + ".key")}
            """);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
