using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Kubectl.Patching;
using Deepthought.Twin.Kubectl.Tables;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.Twin.Kubernetes.Api.Selectors;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

/// <summary>The API server's parts on their own: request parsing, selectors, patches, tables, media types.</summary>
public sealed class KubeApiUnitTests
{
    [Theory]
    [InlineData("GET", "/api/v1/nodes", false, "list", "", "nodes", "", "", "")]
    [InlineData("GET", "/api/v1/namespaces/rook-ceph", false, "get", "", "namespaces", "", "rook-ceph", "rook-ceph")]
    [InlineData("PATCH", "/api/v1/namespaces/rook-ceph/status", false, "patch", "", "namespaces", "status", "rook-ceph", "rook-ceph")]
    [InlineData("GET", "/apis/apps/v1/namespaces/linkerd/deployments", true, "watch", "apps", "deployments", "", "linkerd", "")]
    [InlineData("DELETE", "/api/v1/namespaces/default/configmaps", false, "deletecollection", "", "configmaps", "", "default", "")]
    [InlineData("GET", "/api/v1/namespaces/emojivoto/pods/web-1:4191/proxy/metrics", false, "get", "", "pods", "proxy", "emojivoto", "web-1:4191")]
    [InlineData("PUT", "/apis/ceph.rook.io/v1/namespaces/rook-ceph/cephclusters/rook-ceph/status", false, "update", "ceph.rook.io", "cephclusters", "status", "rook-ceph", "rook-ceph")]
    public void ApiRequest_Parse_FindsVerbResourceAndScope(string method, string path, bool watch, string verb, string group, string resource, string sub, string ns, string name)
    {
        var r = ApiRequest.Parse(method, path, watch);

        r.IsResource.Should().BeTrue();
        (r.Verb, r.Group, r.Resource, r.Subresource, r.Namespace, r.Name).Should().Be((verb, group, resource, sub, ns, name));
    }

    [Fact]
    public void ApiRequest_Parse_ProxyKeepsTheRemainderAndLogsAsProxy()
    {
        var r = ApiRequest.Parse("GET", "/api/v1/namespaces/rook-ceph/services/rook-ceph-mgr:http-metrics/proxy/metrics/x", false);

        r.Remainder.Should().Be("metrics/x");
        r.LogVerb.Should().Be("proxy");
        ApiRequest.Parse("GET", "/apis", false).IsResource.Should().BeFalse();
    }

    [Theory]
    [InlineData("a=1", true)]
    [InlineData("a!=1", false)]
    [InlineData("missing!=1", true)]
    [InlineData("a in (1, 2)", true)]
    [InlineData("a notin (1)", false)]
    [InlineData("missing notin (1)", true)]
    [InlineData("b", true)]
    [InlineData("!b", false)]
    [InlineData("!missing,a==1", true)]
    public void LabelSelector_Matches_LikeTheApiServer(string selector, bool matches)
    {
        var obj = Manifest.Parse("""{"metadata":{"labels":{"a":"1","b":""}}}""");

        LabelSelector.Parse(selector).Matches(obj).Should().Be(matches);
    }

    [Fact]
    public void LabelSelector_Malformed_IsBadRequest()
    {
        var act = () => LabelSelector.Parse("a in 1");

        act.Should().Throw<KubeApiException>().Which.Code.Should().Be(400);
    }

    [Fact]
    public void StrategicMergePatch_Directives_DeleteAndReplaceListElements()
    {
        var target = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}],"finalizers":["x"],"tolerations":[{"key":"k"}]}}""");
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"b","$patch":"delete"},{"name":"c","image":"2"}],"$setElementOrder/containers":[{"name":"a"},{"name":"c"}],"finalizers":["y"],"tolerations":[{"key":"z"}]}}""");

        var result = StrategicMergePatch.Apply(target, patch)!;

        result["spec"]!["containers"]!.ToJsonString().Should().Be("""[{"name":"a","image":"1"},{"name":"c","image":"2"}]""");
        result["spec"]!["finalizers"]!.ToJsonString().Should().Be("""["x","y"]""");
        result["spec"]!["tolerations"]!.ToJsonString().Should().Be("""[{"key":"z"}]""");
        result["spec"]!.AsObject().ContainsKey("$setElementOrder/containers").Should().BeFalse();
    }

    [Fact]
    public void MergePatch_NullRemovesAndObjectsMerge()
    {
        var result = MergePatch.Apply(JsonNode.Parse("""{"a":{"b":1,"c":2},"d":[1]}"""), JsonNode.Parse("""{"a":{"b":null,"e":3},"d":[2]}"""));

        result!.ToJsonString().Should().Be("""{"a":{"c":2,"e":3},"d":[2]}""");
    }

    [Fact]
    public void JsonPatch_MoveCopyAndArrayAppend()
    {
        var result = JsonPatch.Apply(JsonNode.Parse("""{"a":[1],"b":{"c":1}}""")!, JsonNode.Parse("""[{"op":"add","path":"/a/-","value":2},{"op":"copy","from":"/b/c","path":"/d"},{"op":"move","from":"/b","path":"/e"}]"""));

        result.ToJsonString().Should().Be("""{"a":[1,2],"d":1,"e":{"c":1}}""");
    }

    [Theory]
    [InlineData(59, "59s")]
    [InlineData(150, "2m30s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 120, "3h2m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(40 * 86400, "40d")]
    [InlineData(800 * 86400, "2y70d")]
    public void HumanDuration_Format_IsCoarserWhenOlder(int seconds, string expected)
    {
        HumanDuration.Format(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }

    [Fact]
    public void JsonPathLite_FilterExpression_SelectsTheCondition()
    {
        var obj = JsonNode.Parse("""{"status":{"conditions":[{"type":"Accepted","status":"True"},{"type":"Programmed","status":"False"}]}}""")!;

        JsonPathLite.Text(obj, """.status.conditions[?(@.type=="Programmed")].status""").Should().Be("False");
        JsonPathLite.Text(obj, ".status.conditions[*].type").Should().Be("Accepted,Programmed");
    }

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json", Rendering.Table)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json", Rendering.Object)]
    [InlineData("application/vnd.kubernetes.protobuf, */*", Rendering.Object)]
    [InlineData("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", Rendering.Metadata)]
    public void MediaTypes_Negotiate_PicksTheFirstProducible(string accept, Rendering expected)
    {
        MediaTypes.Negotiate(accept, tables: true).Rendering.Should().Be(expected);
    }

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json", Rendering.Object)]
    [InlineData("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", Rendering.Metadata)]
    public void MediaTypes_Negotiate_WithoutTables_FallsBackLikeAServerThatHasNone(string accept, Rendering expected)
    {
        MediaTypes.Negotiate(accept, tables: false).Rendering.Should().Be(expected);
    }

    [Fact]
    public void MediaTypes_Negotiate_TableOnlyWithoutTables_Is406NamingDeepthoughtTwin()
    {
        var act = () => MediaTypes.Negotiate("application/json;as=Table;g=meta.k8s.io;v=v1", tables: false);

        var e = act.Should().Throw<KubeApiException>().Which;
        e.Code.Should().Be(406);
        e.Message.Should().Contain("without kubectl support").And.Contain("deepthought twin");
    }

    [Fact]
    public void YamlJson_TypesPlainScalarsLikeYaml12()
    {
        var obj = YamlJson.ParseObjects("a: 1\nb: \"1\"\nc: true\nd: ~\ne: 1.5\nf: v1\n---\n")[0];

        obj.ToJsonString().Should().Be("""{"a":1,"b":"1","c":true,"d":null,"e":1.5,"f":"v1"}""");
    }
}
