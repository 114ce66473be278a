using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Tests.Support;
using k8s;

namespace Deepthought.Tests.Kubernetes;

/// <summary>
/// The kubectl-only forms of the API server (Deepthought.Twin.Kubectl) are loaded by `deepthought twin` and the
/// kubectl tests, never by a conformance run: there they are refused the way a real server refuses a form it does not
/// support, with a message that says how to get them.
/// </summary>
public sealed class KubectlSupportTests(KubeTwinFixture withKubectl) : IClassFixture<KubeTwinFixture>
{
    private const string TableOnly = "application/json;as=Table;g=meta.k8s.io;v=v1";

    [Fact]
    public async Task ConformanceTwin_KubectlOnlyRequests_AreRefusedSayingHowToGetKubectlSupport()
    {
        // Started as `deepthought run --target twin` starts it (ConformanceRun → TwinTargets.Factory.StartAsync).
        await using var session = await TwinTargets.Factory.StartAsync(new RunSettings(), KubeTwinFixture.Profile(), TimeProvider.System, CancellationToken.None);
        using var admin = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(session.Facts["kubeconfig"], currentContext: "admin@deepthought"));

        var json = await KubeTwinFixture.SendAsync(admin, HttpMethod.Get, "/api/v1/nodes", "application/json");
        var metadata = await KubeTwinFixture.SendAsync(admin, HttpMethod.Get, "/api/v1/namespaces/default/secrets", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");
        var fallback = await KubeTwinFixture.SendAsync(admin, HttpMethod.Get, "/api/v1/nodes", $"{TableOnly},application/json");
        var table = await KubeTwinFixture.SendAsync(admin, HttpMethod.Get, "/api/v1/nodes", TableOnly);
        var patch = await KubeTwinFixture.SendAsync(admin, HttpMethod.Patch, "/api/v1/namespaces/default", content: Body("""{"metadata":{"labels":{"a":"b"}}}""", "application/merge-patch+json"));
        var watch = await KubeTwinFixture.SendAsync(admin, HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1");
        var openapi = await KubeTwinFixture.SendAsync(admin, HttpMethod.Get, "/openapi/v3");
        var protobuf = await KubeTwinFixture.SendAsync(admin, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", content: Body("k8s\0", "application/vnd.kubernetes.protobuf"));

        (json.Status, metadata.Status, fallback.Status).Should().Be((200, 200, 200), "what the harness asks for is served without the module");
        fallback.ContentType.Should().Be("application/json", "a client that lists JSON after the Table gets JSON, as from a server without Tables");
        AssertRefused(table, 406, "NotAcceptable");
        AssertRefused(patch, 415, "UnsupportedMediaType");
        AssertRefused(watch, 405, "MethodNotAllowed");
        ((string?)JsonNode.Parse(watch.Body)!["message"]).Should().StartWith("watch is not supported on resources of kind \"configmaps\"");
        ((string?)JsonNode.Parse(table.Body)!["message"]).Should().StartWith("only the following media types are accepted: ");
        ((string?)JsonNode.Parse(patch.Body)!["message"]).Should().StartWith("the body of the request was in an unknown format - accepted media types include: ");
        AssertRefused(openapi, 404, "NotFound");
        AssertRefused(protobuf, 415, "UnsupportedMediaType");
    }

    [Fact]
    public async Task KubectlTwin_TheSameRequests_AreServed()
    {
        var table = await KubeTwinFixture.SendAsync(withKubectl.Admin, HttpMethod.Get, "/api/v1/nodes", TableOnly);
        var openapi = await KubeTwinFixture.SendAsync(withKubectl.Admin, HttpMethod.Get, "/openapi/v3");
        var watch = await KubeTwinFixture.SendAsync(withKubectl.Admin, HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1");

        (table.Status, openapi.Status, watch.Status).Should().Be((200, 200, 200), $"{table.Body} {openapi.Body}");
        table.ContentType.Should().Contain("as=Table");
        ((string?)JsonNode.Parse(table.Body)!["kind"]).Should().Be("Table");
    }

    [Fact]
    public async Task DeepthoughtRun_DoesNotLoadTheKubectlModule_DeepthoughtTwinDoes()
    {
        var reports = Directory.CreateTempSubdirectory("dt-kubectl-run-");
        try
        {
            var run = await CliProcess.RunAsync(TimeSpan.FromSeconds(120), true, "run", "--target", "twin", "--check", "talos.kubernetes-api", "--reports", reports.FullName);
            var twin = await CliProcess.RunAsync(TimeSpan.FromSeconds(120), true, "twin");

            run.Code.Should().Be(0, run.Err);
            run.Loaded.Should().Contain("Deepthought.Twin", "the run started the twin").And.NotContain("Deepthought.Twin.Kubectl");
            twin.Code.Should().Be(0, twin.Err);
            twin.Loaded.Should().Contain("Deepthought.Twin.Kubectl", "`deepthought twin` serves kubectl");
        }
        finally
        {
            reports.Delete(recursive: true);
        }
    }

    private static void AssertRefused((int Status, string Body, string ContentType) response, int status, string reason)
    {
        response.Status.Should().Be(status, response.Body);
        var body = JsonNode.Parse(response.Body)!;
        ((string?)body["kind"], (string?)body["reason"], (int?)body["code"]).Should().Be(("Status", reason, status));
        ((string?)body["message"]).Should().Contain("the twin was started without kubectl support").And.Contain("`deepthought twin`");
    }

    private static ByteArrayContent Body(string text, string contentType)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
