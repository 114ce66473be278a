using CliWrap;
using CliWrap.Buffered;

namespace Deepthought.Tests.Kubernetes;

/// <summary>Runs the real kubectl against a twin's kubeconfig with a private discovery cache and a timeout.</summary>
public sealed class KubectlRunner(string kubectl, string kubeconfig, string cacheDirectory)
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public async Task<Result> RunAsync(string context, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await CliWrap.Cli.Wrap(kubectl)
            .WithArguments(["--kubeconfig", kubeconfig, "--context", context, "--cache-dir", cacheDirectory, "--request-timeout", "20s", .. args])
            .WithEnvironmentVariables(e => e.Set("KUBECONFIG", null).Set("HOME", cacheDirectory))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    public Task<Result> AdminAsync(params string[] args) => RunAsync("admin@deepthought", args);

    public Task<Result> AuditorAsync(params string[] args) => RunAsync("auditor@deepthought", args);
}
