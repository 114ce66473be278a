using System.Net;
using System.Text;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols;
using FluentAssertions;
using Xunit;
using k8s;

namespace Deepthought.Tests.Storage;

public sealed class HelmReleasesProbeTests
{
    private const string MetadataList = """
        {"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"9"},"items":[
          {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"sh.helm.release.v1.rook-ceph.v1","namespace":"rook-ceph","labels":{"name":"rook-ceph","owner":"helm","status":"deployed","version":"1","modifiedAt":"1700000000"}}},
          {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"sh.helm.release.v1.rook-ceph-cluster.v1","namespace":"rook-ceph","labels":{"name":"rook-ceph-cluster","owner":"helm","status":"superseded","version":"1"}}},
          {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"sh.helm.release.v1.rook-ceph-cluster.v2","namespace":"rook-ceph","labels":{"name":"rook-ceph-cluster","owner":"helm","status":"failed","version":"2"}}},
          {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"sh.helm.release.v1.linkerd-crds.v1","namespace":"linkerd","labels":{"name":"linkerd-crds","owner":"helm","status":"deployed","version":"1"}}}
        ]}
        """;

    [Fact]
    public async Task List_SendsOneMetadataOnlyRequestForTheNamespace()
    {
        var handler = new Answer(HttpStatusCode.OK, MetadataList);
        using var connections = Connections(handler);

        var releases = await HelmReleasesProbe.ListAsync(connections, "rook-ceph", CancellationToken.None);

        handler.Requests.Should().ContainSingle();
        var request = handler.Requests[0];
        request.Method.Should().Be(HttpMethod.Get);
        request.RequestUri!.PathAndQuery.Should().Be("/api/v1/namespaces/rook-ceph/secrets?labelSelector=owner%3Dhelm");
        request.Headers.Accept.ToString().Should().Be("application/json; as=PartialObjectMetadataList; g=meta.k8s.io; v=v1");
        request.Headers.Authorization!.Scheme.Should().Be("Bearer", "the kubeconfig's credentials are applied");
        releases.Items.Should().HaveCount(4);
        releases.Latest("rook-ceph", "rook-ceph-cluster").Should().BeEquivalentTo(new HelmRelease("rook-ceph", "rook-ceph-cluster", 2, "failed", "sh.helm.release.v1.rook-ceph-cluster.v2", null));
        releases.Latest("rook-ceph", "rook-ceph")!.ModifiedAt.Should().Be("1700000000");
        releases.Latest("rook-ceph", "linkerd-crds").Should().BeNull();
    }

    [Fact]
    public void Parse_FullSecretList_IsRefusedUnread()
    {
        const string full = """{"kind":"SecretList","apiVersion":"v1","items":[{"metadata":{"name":"x","labels":{"owner":"helm","name":"x"}},"data":{"release":"SDRzSUFBQUFBQUFB"}}]}""";

        var parse = () => HelmReleasesProbe.Parse(full);

        parse.Should().Throw<ProbeException>().Which.Message.Should().Contain("answered kind SecretList; refusing to read release payloads");
    }

    [Fact]
    public async Task List_Forbidden_IsAnObservationNotAnError()
    {
        using var connections = Connections(new Answer(HttpStatusCode.Forbidden, """{"kind":"Status","code":403}"""));

        var releases = await HelmReleasesProbe.ListAsync(connections, "linkerd", CancellationToken.None);

        releases.Items.Should().BeEmpty();
        releases.Forbidden.Should().Be("list secrets in linkerd: 403 Forbidden for context 'auditor@deepthought'");
        releases.SkipIfForbidden("linkerd")!.Message.Should().Be("the auditor role grants no Secret access (403 on list secrets in linkerd); Helm release state is not checked");
    }

    [Fact]
    public async Task List_ServerError_StillFails()
    {
        using var connections = Connections(new Answer(HttpStatusCode.InternalServerError, """{"kind":"Status","code":500}"""));

        var list = () => HelmReleasesProbe.ListAsync(connections, "linkerd", CancellationToken.None);

        (await list.Should().ThrowAsync<ProbeException>()).Which.Message.Should().Be("list Helm release secrets in linkerd: the API server answered 500 Internal Server Error");
    }

    private static ClusterConnections Connections(DelegatingHandler handler)
    {
        var config = new KubernetesClientConfiguration { Host = "https://127.0.0.1:6443", AccessToken = "not-a-real-token" };
        return new ClusterConnections
        {
            Target = "test",
            Kubernetes = new k8s.Kubernetes(config, handler),
            KubernetesConfiguration = config,
            KubeconfigPath = "kubeconfig",
            KubeContext = "auditor@deepthought",
        };
    }

    /// <summary>Answers every request with one canned response and keeps the requests.</summary>
    private sealed class Answer(HttpStatusCode status, string body) : DelegatingHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
