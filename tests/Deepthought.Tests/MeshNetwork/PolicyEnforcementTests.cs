using System.Net;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Mesh;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>
/// The seed's deny-then-allow sequence on the twin's mesh, on a fake clock: a Server on voting's gRPC port denies
/// everyone (web's votes fail), an authorization for web's service account lets web through while others stay denied;
/// every change takes effect only after the propagation delay.
/// </summary>
public sealed class PolicyEnforcementTests : IAsyncLifetime
{
    private static readonly WorkloadIdentity Probe = new("deepthought-probe", "grpc-probe", "probe", Meshed: true);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private MeshTwin _twin = null!;

    public async Task InitializeAsync()
    {
        _twin = await MeshTwin.StartAsync(time: _time);
        _twin.Workloads.Bot.Pause();
        PolicyObjects.RegisterCrds(_twin.Context.Store);
    }

    public Task DisposeAsync() => _twin.DisposeAsync().AsTask();

    [Fact]
    public async Task Policy_NoServer_DefaultAllowsEveryone()
    {
        (await VoteThroughWebAsync(":dog:")).Status.Should().Be(HttpStatusCode.OK);
        (await VoteDogAsync(Probe)).Status.Should().Be(StatusCode.OK);
        (await VoteDogAsync(null)).Status.Should().Be(StatusCode.OK, "all-unauthenticated admits unmeshed clients too");
    }

    [Fact]
    public async Task Policy_ServerThenServerAuthorization_DeniesEveryoneThenAdmitsOnlyWeb()
    {
        _twin.Context.Store.Put(PolicyObjects.VotingServer());
        (await VoteThroughWebAsync(":dog:")).Status.Should().Be(HttpStatusCode.OK, "the change has not reached the proxies yet");

        _time.Advance(TimeSpan.FromSeconds(2));
        var denied = await VoteThroughWebAsync(":dog:");
        denied.Status.Should().Be(HttpStatusCode.InternalServerError, "voting denies web, so web's vote fails");
        denied.Body.Should().Be("{\"error\":\"rpc error: code = PermissionDenied desc = unauthorized request on route\"}");
        (await VoteDogAsync(Probe)).Status.Should().Be(StatusCode.PermissionDenied);
        var voting = await _twin.ScrapeAsync("voting");
        voting.Sum("inbound_http_authz_deny_total", ("srv_kind", "server"), ("srv_name", "voting-grpc"), ("client_id", "web.emojivoto.serviceaccount.identity.linkerd.cluster.local")).Should().BeGreaterThan(0);
        (await _twin.ScrapeAsync("web")).Sum("response_total", ("direction", "outbound"), ("dst_deployment", "voting"), ("grpc_status", "7"), ("classification", "failure")).Should().BeGreaterThan(0);

        _twin.Context.Store.Put(PolicyObjects.ServerAuthorization("web"));
        (await VoteThroughWebAsync(":dog:")).Status.Should().Be(HttpStatusCode.InternalServerError, "still denied until the authorization propagates");
        _time.Advance(TimeSpan.FromSeconds(2));

        (await VoteThroughWebAsync(":dog:")).Status.Should().Be(HttpStatusCode.OK);
        (await VoteDogAsync(Probe)).Status.Should().Be(StatusCode.PermissionDenied, "another identity is still denied");
        (await VoteDogAsync(_twin.Pod("vote-bot"))).Status.Should().Be(StatusCode.PermissionDenied, "emojivoto's default service account is not web");
        (await VoteDogAsync(null)).Status.Should().Be(StatusCode.PermissionDenied, "an unmeshed client has no identity");
        (await VoteDogAsync(_twin.Pod("web"))).Status.Should().Be(StatusCode.OK);
        (await _twin.ScrapeAsync("voting")).Sum("inbound_http_authz_allow_total", ("authz_kind", "serverauthorization"), ("authz_name", "voting-grpc"), ("tls", "true")).Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData("""{"identities": ["web.emojivoto.serviceaccount.identity.linkerd.cluster.local"]}""")]
    [InlineData("""{"identityRefs": [{"kind": "ServiceAccount", "name": "web"}]}""")]
    public async Task Policy_AuthorizationPolicyWithMeshTlsAuthentication_AdmitsOnlyWeb(string authnSpec)
    {
        var store = _twin.Context.Store;
        store.Put(PolicyObjects.VotingServer());
        store.Put(PolicyObjects.MeshTlsAuthentication(authnSpec));
        store.Put(PolicyObjects.AuthorizationPolicy());
        _time.Advance(TimeSpan.FromSeconds(2));

        (await VoteThroughWebAsync(":dog:")).Status.Should().Be(HttpStatusCode.OK);
        (await VoteDogAsync(Probe)).Status.Should().Be(StatusCode.PermissionDenied);
        (await _twin.ScrapeAsync("voting")).Sum("inbound_http_authz_allow_total", ("authz_kind", "authorizationpolicy"), ("authz_name", "voting-grpc")).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Policy_AuthorizationPolicyWithMissingAuthentication_IsIgnored()
    {
        _twin.Context.Store.Put(PolicyObjects.VotingServer());
        _twin.Context.Store.Put(PolicyObjects.AuthorizationPolicy(authnName: "not-there"));
        _time.Advance(TimeSpan.FromSeconds(2));

        (await VoteDogAsync(_twin.Pod("web"))).Status.Should().Be(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task Policy_ServerDeleted_AllowsAgainAfterPropagation()
    {
        _twin.Context.Store.Put(PolicyObjects.VotingServer());
        _time.Advance(TimeSpan.FromSeconds(2));
        (await VoteDogAsync(Probe)).Status.Should().Be(StatusCode.PermissionDenied);

        _twin.Context.Store.Delete("policy.linkerd.io/v1beta1", "Server", "emojivoto", "voting-grpc");
        _time.Advance(TimeSpan.FromSeconds(2));

        (await VoteDogAsync(Probe)).Status.Should().Be(StatusCode.OK);
    }

    [Fact]
    public async Task Policy_ServerOnAdminPort_ScrapeDenied403WhileGrpcServerLeavesItOpen()
    {
        _twin.Context.Store.Put(PolicyObjects.VotingServer());
        _time.Advance(TimeSpan.FromSeconds(2));
        (await _twin.ScrapeTextAsync(_twin.Pod("voting").Pod)).Should().Contain("# TYPE request_total counter", "a Server for port grpc does not affect 4191");

        var admin = PolicyObjects.VotingServer("linkerd-admin");
        admin["metadata"]!["name"] = "voting-admin";
        _twin.Context.Store.Put(admin);
        _time.Advance(TimeSpan.FromSeconds(2));
        var uri = _twin.Context.Proxies.Find("pods", "emojivoto", _twin.Pod("voting").Pod, "linkerd-admin")!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var scrape = await http.GetAsync(new Uri(uri, "metrics"));

        scrape.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        scrape.Headers.GetValues("l5d-proxy-error").Should().ContainSingle().Which.Should().Be("unauthorized request on route");
    }

    [Fact]
    public async Task Policy_ServerOnWebHttpPort_DeniedHttp1RequestIs403WithProxyError()
    {
        var server = Deepthought.Twin.Kubernetes.Manifest.Parse("""
            {"apiVersion": "policy.linkerd.io/v1beta1", "kind": "Server", "metadata": {"name": "web-http", "namespace": "emojivoto"},
             "spec": {"podSelector": {"matchLabels": {"app": "web-svc"}}, "port": "http", "proxyProtocol": "HTTP/1"}}
            """);
        _twin.Context.Store.Put(server);
        _time.Advance(TimeSpan.FromSeconds(2));

        using var http = _twin.Client(_twin.Pod("vote-bot"));
        using var response = await http.GetAsync(new Uri("http://web-svc.emojivoto:80/api/list"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Headers.GetValues("l5d-proxy-error").Should().Equal("unauthorized request on route");
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        (await _twin.ScrapeAsync("web")).Sum("inbound_http_authz_deny_total", ("srv_name", "web-http"), ("target_port", "8080")).Should().Be(1);
    }

    private async Task<(HttpStatusCode Status, string Body)> VoteThroughWebAsync(string choice)
    {
        using var http = _twin.Client();
        using var response = await http.GetAsync(new Uri($"http://web-svc.emojivoto/api/vote?choice={Uri.EscapeDataString(choice)}"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<GrpcProbeResult> VoteDogAsync(WorkloadIdentity? from) =>
        MeshGrpcProbe.CallAsync(_twin.Mesh, from, new Uri("http://voting-svc.emojivoto:8080"), "/emojivoto.v1.VotingService/VoteDog", TimeSpan.FromSeconds(10), CancellationToken.None);
}
