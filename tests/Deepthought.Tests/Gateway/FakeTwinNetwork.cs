using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Policy;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Tests.Gateway;

/// <summary>
/// A minimal in-process stand-in for the twin's mesh network (tests only): emojivoto web's HTTP API and voting's
/// gRPC answers, with Linkerd's Server / ServerAuthorization / AuthorizationPolicy enforcement on voting's grpc port,
/// policy changes taking effect after <c>propagation</c>.
/// </summary>
public sealed class FakeTwinNetwork : ITwinNetwork
{
    private static readonly WorkloadIdentity WebPod = new(EmojivotoStandIn.Namespace, "web-6d5d8f9b7-k8l2m", "web", true);
    private static readonly Dictionary<string, string> VotingLabels = new() { ["app"] = "voting-svc", ["version"] = "v11" };
    private readonly KubeStore _store;
    private readonly TimeSpan _propagation;
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new();
    private volatile IReadOnlyList<JsonObject> _policy;

    public FakeTwinNetwork(KubeStore store, TimeSpan propagation)
    {
        _store = store;
        _propagation = propagation;
        _policy = Snapshot();
        store.Changed += OnChanged;
    }

    public int VotingCalls;

    public HttpClient ClientFor(WorkloadIdentity? from) =>
        _clients.GetOrAdd(from?.ToString() ?? "outside", _ => new HttpClient(new Handler(this, from)) { Timeout = TimeSpan.FromSeconds(10) });

    public void RegisterEndpoint(WorkloadIdentity pod, string service, int port, Uri target)
    {
    }

    private void OnChanged(StoreChange change)
    {
        if (change.Resource.Group != LinkerdPolicy.Group)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(_propagation);
            _policy = Snapshot();
        });
    }

    private List<JsonObject> Snapshot() =>
        _store.Types.Where(t => t.Group == LinkerdPolicy.Group).DistinctBy(t => t.Plural).SelectMany(t => _store.List(t)).ToList();

    /// <summary>Linkerd's inbound decision on voting's grpc port for a caller.</summary>
    public bool Admits(WorkloadIdentity? from)
    {
        var policy = _policy;
        var servers = policy.Where(o => o.Str("kind") == "Server" && o.Str("metadata", "namespace") == EmojivotoStandIn.Namespace
            && LabelSelector.From(o.At("spec", "podSelector")).Matches(VotingLabels) && o.Str("spec", "port") is "grpc" or "8080").ToList();
        if (servers.Count == 0)
        {
            return true; // default policy all-unauthenticated
        }

        var server = servers[0];
        var name = server.Str("metadata", "name");
        if (server.Str("spec", "accessPolicy") is "audit" or "all-unauthenticated")
        {
            return true;
        }

        var identity = from is { Meshed: true } ? from.LinkerdIdentity() : null;
        foreach (var saz in policy.Where(o => o.Str("kind") == "ServerAuthorization" && o.Str("metadata", "namespace") == EmojivotoStandIn.Namespace))
        {
            var targets = saz.Str("spec", "server", "name") == name
                || (saz.At("spec", "server", "selector") is { } sel && LabelSelector.From(sel).Matches(server.StringMap("metadata", "labels")));
            if (!targets)
            {
                continue;
            }

            var client = saz.At("spec", "client");
            if (client.Bool("unauthenticated") == true)
            {
                return true;
            }

            if (identity is null)
            {
                continue;
            }

            if (client.Bool("meshTLS", "unauthenticatedTLS") == true
                || client.Items("meshTLS", "identities").Any(i => Matches(i.Str(), identity))
                || client.Items("meshTLS", "serviceAccounts").Any(s => s.Str("name") == from!.ServiceAccount
                    && (s.Str("namespace") is { Length: > 0 } ns ? ns : EmojivotoStandIn.Namespace) == from.Namespace))
            {
                return true;
            }
        }

        foreach (var ap in policy.Where(o => o.Str("kind") == "AuthorizationPolicy" && o.Str("metadata", "namespace") == EmojivotoStandIn.Namespace))
        {
            if (!(ap.Str("spec", "targetRef", "kind") == "Server" && ap.Str("spec", "targetRef", "name") == name))
            {
                continue;
            }

            var refs = ap.Items("spec", "requiredAuthenticationRefs").ToList();
            if (refs.Count > 0 && refs.All(r => RefAdmits(policy, r, from, identity)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool RefAdmits(IReadOnlyList<JsonObject> policy, JsonNode r, WorkloadIdentity? from, string? identity)
    {
        switch (r.Str("kind"))
        {
            case "ServiceAccount":
                return identity is not null && r.Str("name") == from!.ServiceAccount;
            case "MeshTLSAuthentication":
                var m = policy.FirstOrDefault(o => o.Str("kind") == "MeshTLSAuthentication" && o.Str("metadata", "name") == r.Str("name"));
                return m is not null && identity is not null
                    && (m.Items("spec", "identities").Any(i => Matches(i.Str(), identity))
                        || m.Items("spec", "identityRefs").Any(x => x.Str("kind") == "ServiceAccount" && x.Str("name") == from!.ServiceAccount));
            default:
                return false;
        }
    }

    private static bool Matches(string pattern, string identity) =>
        pattern == "*" || pattern == identity || (pattern.StartsWith("*.", StringComparison.Ordinal) && identity.EndsWith(pattern[1..], StringComparison.Ordinal));

    private sealed class Handler(FakeTwinNetwork network, WorkloadIdentity? from) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var host = request.RequestUri!.Host.Split('.');
            var ns = host.Length > 1 ? host[1] : "default";
            if (network._store.Get("v1", "Service", ns, host[0]) is null)
            {
                throw new HttpRequestException($"dial tcp: lookup {request.RequestUri.Host}: no such host");
            }

            if (request.Content is not null)
            {
                await request.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            return host[0] switch
            {
                "web-svc" => network.Web(request),
                "voting-svc" => network.Voting(request, from),
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            };
        }
    }

    private HttpResponseMessage Web(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        switch (path)
        {
            case "/" or "/leaderboard":
                return Text(HttpStatusCode.OK, "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>Emoji Vote</title></head><body><div id=\"main\" class=\"main\"></div></body></html>", "text/html");
            case "/api/list":
                return Text(HttpStatusCode.OK, "[{\"shortcode\":\":joy:\",\"unicode\":\"😂\"},{\"shortcode\":\":dog:\",\"unicode\":\"🐶\"},{\"shortcode\":\":doughnut:\",\"unicode\":\"🍩\"}]\n", "application/json; charset=UTF-8");
            case "/api/vote":
                var choice = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query)["choice"] ?? "";
                if (choice.Length == 0)
                {
                    return Text(HttpStatusCode.BadRequest, "{\"error\":\"Emoji choice [] is mandatory\"}\n", "application/json; charset=UTF-8");
                }

                Interlocked.Increment(ref VotingCalls);
                return Admits(WebPod)
                    ? Text(HttpStatusCode.OK, "", "text/plain")
                    : Text(HttpStatusCode.InternalServerError, "{\"error\":\"rpc error: code = PermissionDenied desc = unauthorized request on route\"}\n", "application/json; charset=UTF-8");
            default:
                return new HttpResponseMessage(HttpStatusCode.NotFound);
        }
    }

    private HttpResponseMessage Voting(HttpRequestMessage request, WorkloadIdentity? from)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, RequestMessage = request };
        if (!Admits(from))
        {
            response.Content = new ByteArrayContent([]);
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
            response.Headers.TryAddWithoutValidation("grpc-status", "7");
            response.Headers.TryAddWithoutValidation("grpc-message", "unauthorized request on route");
            return response;
        }

        response.Content = new ByteArrayContent(new byte[5]);
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
        return response;
    }

    private static HttpResponseMessage Text(HttpStatusCode status, string body, string contentType) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8) { Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType) } } };
}
