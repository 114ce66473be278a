using System.Text.Json.Nodes;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

/// <summary>pods/proxy and services/proxy: how the harness reads proxy and mgr metrics through the API server.</summary>
[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiProxyTests(KubeTwinFixture twin)
{
    private async Task<V1Pod> PodWithAdminPort(string name)
    {
        return await twin.Admin.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "linkerd-proxy", Image = "proxy", Ports = [new V1ContainerPort { ContainerPort = 4191, Name = "linkerd-admin" }] }],
            },
        }, "emojivoto");
    }

    [Fact]
    public async Task PodProxy_ByNumberOrPortName_ReachesTheRegisteredTarget()
    {
        await using var target = await LoopbackHttpTarget.StartAsync("proxy-a");
        await PodWithAdminPort("proxy-a");
        twin.Twin.Context.Proxies.Register("pods", "emojivoto", "proxy-a", "4191", target.BaseUri);

        var byNumber = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/api/v1/namespaces/emojivoto/pods/proxy-a:4191/proxy/metrics?x=1");
        var byName = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/api/v1/namespaces/emojivoto/pods/http:proxy-a:linkerd-admin/proxy/metrics");
        var byDefault = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/api/v1/namespaces/emojivoto/pods/proxy-a/proxy/ready");

        byNumber.Should().Be((200, "proxy-a GET /metrics?x=1", "text/plain"));
        byName.Body.Should().Be("proxy-a GET /metrics");
        byDefault.Body.Should().Be("proxy-a GET /ready");
    }

    [Fact]
    public async Task PodProxy_WithKubernetesClient_ReturnsTheTargetsBody()
    {
        await using var target = await LoopbackHttpTarget.StartAsync("proxy-kc");
        await PodWithAdminPort("proxy-kc");
        twin.Twin.Context.Proxies.Register("pods", "emojivoto", "proxy-kc", "linkerd-admin", target.BaseUri);

        await using var stream = await twin.Auditor.CoreV1.ConnectGetNamespacedPodProxyWithPathAsync("proxy-kc:4191", "emojivoto", "metrics");
        using var reader = new StreamReader(stream);

        (await reader.ReadToEndAsync()).Should().Be("proxy-kc GET /metrics");
    }

    [Fact]
    public async Task ServiceProxy_Post_ForwardsTheBody()
    {
        await using var target = await LoopbackHttpTarget.StartAsync("svc");
        await twin.Admin.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "proxy-svc" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "http-metrics", Port = 9283 }] },
        }, "rook-ceph");
        twin.Twin.Context.Proxies.Register("services", "rook-ceph", "proxy-svc", "9283", target.BaseUri);

        var (status, body, _) = await KubeTwinFixture.SendAsync(twin.Admin, HttpMethod.Post, "/api/v1/namespaces/rook-ceph/services/proxy-svc:http-metrics/proxy/api/echo",
            content: Body.Json("""{"q":1}"""));

        status.Should().Be(200);
        body.Should().Be("""svc POST /api/echo {"q":1}""");
    }

    [Fact]
    public async Task PodProxy_WithoutTarget_IsServiceUnavailableWithAStatus()
    {
        await PodWithAdminPort("proxy-none");

        var (status, body, _) = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/api/v1/namespaces/emojivoto/pods/proxy-none:4191/proxy/metrics");

        status.Should().Be(503);
        var s = JsonNode.Parse(body)!;
        s["kind"]!.GetValue<string>().Should().Be("Status");
        s["reason"]!.GetValue<string>().Should().Be("ServiceUnavailable");
        s["message"]!.GetValue<string>().Should().Contain("proxy-none").And.Contain("4191");
    }

    [Fact]
    public async Task PodProxy_ForMissingPod_IsNotFound()
    {
        var (status, body, _) = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/api/v1/namespaces/emojivoto/pods/ghost:4191/proxy/metrics");

        status.Should().Be(404);
        JsonNode.Parse(body)!["message"]!.GetValue<string>().Should().Be("pods \"ghost\" not found");
    }
}
