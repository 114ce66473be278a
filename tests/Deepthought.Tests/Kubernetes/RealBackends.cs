using Deepthought.Fixtures.Runs;
using Deepthought.Tests.Support;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

/// <summary>
/// Where the real kubectl and the shared upstream manifests are. Missing ones skip a test locally and fail it when
/// DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 (CI), so CI can never pass without them.
/// </summary>
public static class RealBackends
{
    /// <summary>$DEEPTHOUGHT_KUBECTL, else &lt;repo&gt;/.tools/kubectl-layer/kubectl/kubectl (never /usr/bin/kubectl, a gcloud dispatcher).</summary>
    public static string Kubectl()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("DEEPTHOUGHT_KUBECTL"),
            Path.Combine(KubeTwinFixture.RepoRoot, ".tools", "kubectl-layer", "kubectl", "kubectl"),
        };
        var found = candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
        return found ?? Missing(Backend.Kubectl, "kubectl v1.35 not found: set DEEPTHOUGHT_KUBECTL or unpack it to .tools/kubectl-layer/kubectl/kubectl");
    }

    /// <summary>A file from the shared upstream data ($DEEPTHOUGHT_SHARED_DATA, default &lt;repo&gt;/../shared/data).</summary>
    public static string SharedData(string file)
    {
        var folder = Environment.GetEnvironmentVariable("DEEPTHOUGHT_SHARED_DATA") is { Length: > 0 } d ? d : Path.Combine(KubeTwinFixture.RepoRoot, "..", "shared", "data");
        var path = Path.GetFullPath(Path.Combine(folder, file));
        return File.Exists(path) ? path : Missing(Backend.SharedData, $"{path} not found: set DEEPTHOUGHT_SHARED_DATA to the folder with the upstream manifests");
    }

    private static string Missing(Backend kind, string why)
    {
        Backends.Missing(kind, why);
        return "";
    }
}
