using Deepthought.Checks.Probes;
using Deepthought.Protocols.Formats;
using Deepthought.Tests.Support;
using Deepthought.Twin.Cluster;
using Deepthought.Twin.Emojivoto;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.Twin.Mesh;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>The mesh seen through the twin's API server with the real kubectl, as the harness and users see it.</summary>
public sealed class KubectlPathTests
{
    private const string WebId = "web.emojivoto.serviceaccount.identity.linkerd.cluster.local";

    [SkippableFact]
    public async Task EmojivotoObjects_AppliedWithRealKubectl_MatchTheTwinsOwnObjects()
    {
        var kubectl = Kubectl.Require();
        var manifest = Path.Combine(Repo.RequireSharedData(), "emojivoto.yml");
        await using var applied = await MeshTwin.StartAsync(components: [typeof(ClusterSeeder), typeof(KubeApiServer)], kubectl: true);
        await using var seeded = await MeshTwin.StartAsync(components: MeshTwin.SeedOnly);

        await Kubectl.RunAsync(kubectl, applied.Twin.KubeconfigPath, "admin@deepthought", "apply", "-f", manifest);

        foreach (var (apiVersion, kind) in new[] { ("v1", "ServiceAccount"), ("v1", "Service"), ("apps/v1", "Deployment") })
        {
            EmojivotoObjectsTests.Shapes(seeded.Context.Store, apiVersion, kind)
                .Should().BeEquivalentTo(EmojivotoObjectsTests.Shapes(applied.Context.Store, apiVersion, kind), $"{kind}s as kubectl applied them");
        }
    }

    [SkippableFact]
    public async Task ProxyMetrics_ThroughApiServerPodProxyWithAuditor_ShowWebToVotingMtls()
    {
        var kubectl = Kubectl.Require();
        await using var twin = await MeshTwin.StartAsync(components: [.. MeshTwin.Full, typeof(KubeApiServer)], kubectl: true);
        var voting = twin.Pod("voting").Pod;

        var text = await Kubectl.RunAsync(kubectl, twin.Twin.KubeconfigPath, "auditor@deepthought", "get", "--raw", $"/api/v1/namespaces/emojivoto/pods/{voting}:4191/proxy/metrics");
        var byName = await Kubectl.RunAsync(kubectl, twin.Twin.KubeconfigPath, "auditor@deepthought", "get", "--raw", $"/api/v1/namespaces/emojivoto/pods/{voting}:linkerd-admin/proxy/metrics");

        PrometheusText.Parse(text).Sum("request_total", ("direction", "inbound"), ("tls", "true"), ("client_id", WebId)).Should().BeGreaterThan(0);
        PrometheusText.Parse(byName).Sum("request_total", ("direction", "inbound"), ("target_port", "4191")).Should().BeGreaterThanOrEqualTo(2, "both scrapes went through the proxy's admin port");
    }
}
