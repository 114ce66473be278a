using System.Diagnostics;

namespace Deepthought.Tests.Support;

/// <summary>The <c>deepthought</c> console app as a separate process, as a user runs it (the build beside the tests).</summary>
public static class CliProcess
{
    public const string LoadedAssemblyPrefix = "loaded-assembly: ";

    /// <summary>dotnet deepthought.dll with the arguments, every stream redirected, in the temp folder.</summary>
    public static ProcessStartInfo Info(IEnumerable<string> args, bool printAssemblies = false)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "deepthought.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        if (printAssemblies)
        {
            info.Environment["DEEPTHOUGHT_PRINT_ASSEMBLIES"] = "1";
        }

        return info;
    }

    public static Process Start(params string[] args) => Process.Start(Info(args))!;

    /// <summary>Runs to the end (standard input closed at once) within <paramref name="timeout"/>, else kills it and throws.</summary>
    public static async Task<CliResult> RunAsync(TimeSpan timeout, bool printAssemblies, params string[] args)
    {
        using var process = Process.Start(Info(args, printAssemblies))!;
        using var deadline = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deepthought {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s");
        }

        var err = await stderr;
        var lines = err.Split('\n');
        return new CliResult(
            process.ExitCode,
            await stdout,
            string.Join('\n', lines.Where(l => !l.StartsWith(LoadedAssemblyPrefix, StringComparison.Ordinal))),
            lines.Where(l => l.StartsWith(LoadedAssemblyPrefix, StringComparison.Ordinal)).Select(l => l[LoadedAssemblyPrefix.Length..].Trim()).ToList());
    }
}

/// <summary>What a finished <c>deepthought</c> process left: exit code, output, errors (without the assembly lines) and the assemblies it loaded.</summary>
public sealed record CliResult(int Code, string Out, string Err, IReadOnlyList<string> Loaded);
