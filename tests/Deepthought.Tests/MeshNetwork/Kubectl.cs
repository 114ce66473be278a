using CliWrap;
using CliWrap.Buffered;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>The real kubectl ($DEEPTHOUGHT_KUBECTL, else &lt;repo&gt;/.tools/kubectl-layer/kubectl/kubectl); a skip here, a failure in CI.</summary>
internal static class Kubectl
{
    public static string Require()
    {
        var path = Environment.GetEnvironmentVariable("DEEPTHOUGHT_KUBECTL") is { Length: > 0 } env
            ? env
            : Path.Combine(Repo.Root, ".tools", "kubectl-layer", "kubectl", "kubectl");
        Backends.Require(Backend.Kubectl, File.Exists(path), $"the real kubectl ({path})");
        return path;
    }

    public static async Task<string> RunAsync(string kubectl, string kubeconfig, string context, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await CliWrap.Cli.Wrap(kubectl)
            .WithArguments(["--kubeconfig", kubeconfig, "--context", context, .. args])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited {result.ExitCode}: {result.StandardError}");
        }

        return result.StandardOutput;
    }
}
