using System.Text.Json;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Gateway;

/// <summary>
/// End to end: an HTTP GET to the Gateway's address with the route's Host returns emojivoto's page, and
/// /api/list returns the emoji list (web → emoji over the mesh).
/// </summary>
public sealed class GatewayTrafficCheck : GatewayCheck
{
    public override string Id => GatewayCheckIds.Traffic;

    public override string Title => "an HTTP request through the gateway reaches emojivoto web";

    public override string Hint => "curl -H 'Host: emojivoto.deepthought.local' http://<gateway address>/api/list; kubectl -n projectcontour get pods; kubectl -n emojivoto get pods";

    public override bool Fatal => true;

    public override IReadOnlyList<string> DependsOn => [GatewayCheckIds.Programmed, GatewayCheckIds.RouteAccepted];

    public override IReadOnlyList<string> FailingScenarios => ["envoy-not-listening"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken)
    {
        var endpoint = await ResolveAsync(context, gateway, cancellationToken);
        var probe = context.Service<GatewayTrafficProbe>();
        var index = await probe.GetAsync(endpoint, gateway.Hostname, gateway.Path, context.Time, cancellationToken);
        var list = await probe.GetAsync(endpoint, gateway.Hostname, ApiPath(gateway, "list"), context.Time, cancellationToken);

        var findings = new List<Evidence>();
        var page = new Evidence(index.Summary, "200 text/html with the Emoji Vote page", Describe(index, IsIndexPage(index)));
        var emojis = CountEmojis(list);
        var listing = new Evidence(list.Summary, "200 application/json: a list of emoji {shortcode, unicode}", Describe(list, emojis > 0 ? $"{emojis} emoji listed" : null));
        if (!index.Answered || index.Status != 200 || IsIndexPage(index) is null)
        {
            findings.Add(page);
        }

        if (!list.Answered || list.Status != 200 || emojis == 0)
        {
            findings.Add(listing);
        }

        var verdict = Verdict.FromFindings(findings, $"emojivoto answers through the gateway {endpoint.Via} at {endpoint} ({endpoint.Derivation})", [new Evidence("reached", "the Gateway address, else a NodePort, else the API server's service proxy", $"{endpoint.Via}: {endpoint.Derivation}"), page, listing]);
        return verdict.Outcome == Outcome.Fail ? verdict with { Message = $"{verdict.Message} — sent {endpoint.Via}: {endpoint.Derivation}" } : verdict;
    }

    /// <summary>
    /// How to reach the gateway, as a homelab can: the Gateway's address, else a node's InternalIP and the Envoy
    /// Service's nodePort, else the API server's service proxy of <paramref name="fallback"/> (default: the Envoy
    /// Service's listener port). A ProbeException saying why when none exists.
    /// </summary>
    public static async Task<GatewayEndpoint> ResolveAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken, (string Namespace, string Service, string Port)? fallback = null)
    {
        var api = await context.ObserveAsync<GatewayApiObservation>(cancellationToken);
        var services = await context.ObserveAsync<ServicesObservation>(cancellationToken);
        var nodes = await context.ObserveAsync<NodesObservation>(cancellationToken);
        var gw = api.FindGateway(gateway.GatewayNamespace, gateway.GatewayName)
            ?? throw new ProbeException($"Gateway {gateway.GatewayNamespace}/{gateway.GatewayName} does not exist; nothing to send requests to");
        var envoy = services.Find(gateway.GatewayNamespace, gateway.EnvoyService);
        var listener = gw.Listeners.FirstOrDefault(l => l.Protocol == "HTTP") ?? gw.Listeners.FirstOrDefault();
        var proxyPort = envoy?.Spec?.Ports?.FirstOrDefault(p => listener is not null && (p.Port == listener.Port || p.Name == listener.Name))?.Port ?? listener?.Port ?? 80;
        fallback ??= envoy is null ? null : (gateway.GatewayNamespace, gateway.EnvoyService, proxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var map = context.HasService<NodeAddressMap>() ? context.Service<NodeAddressMap>() : null;
        var endpoint = GatewayEndpoint.Reach(gw, envoy, nodes.Items, map, fallback, out var why)
            ?? throw new ProbeException($"cannot reach the gateway: {why}");
        if (endpoint.Path == ReachPath.NodePort && fallback is { } f && await UnreachableAsync(endpoint, cancellationToken) is { } refused)
        {
            // The node network is not reachable from where the harness runs (a laptop off the LAN, a VPN to the API
            // server only): the API server's service proxy still reaches Envoy, and the evidence says so.
            return new GatewayEndpoint("", 0, $"{endpoint.Derivation}, which does not answer from here ({refused}); so the API server's service proxy of {f.Namespace}/{f.Service}:{f.Port}")
            { Path = ReachPath.ServiceProxy, ProxyTarget = f };
        }

        return endpoint;
    }

    /// <summary>Null when a TCP connection to the endpoint opens within a few seconds, else why it did not.</summary>
    private static async Task<string?> UnreachableAsync(GatewayEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(3));
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no TCP connection to {endpoint} within 3 s";
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return $"TCP connection to {endpoint}: {e.Message}";
        }
    }

    public static string ApiPath(GatewayProfile gateway, string api) => $"{gateway.Path.TrimEnd('/')}/api/{api}";

    private static string? IsIndexPage(HttpExchange e) =>
        e.Status == 200 && e.ContentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
        && e.Body.Contains("<title>Emoji Vote</title>", StringComparison.OrdinalIgnoreCase)
            ? "the Emoji Vote page"
            : null;

    private static int CountEmojis(HttpExchange e)
    {
        if (e.Status != 200)
        {
            return 0;
        }

        try
        {
            using var doc = JsonDocument.Parse(e.Body);
            return doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.EnumerateArray().Count(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("shortcode", out _) && x.TryGetProperty("unicode", out _))
                : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static string Describe(HttpExchange e, string? recognised) =>
        !e.Answered ? e.Error
        : recognised is not null ? $"{e.Status} {e.ContentType}: {recognised}"
        : $"{e.Status} {e.ContentType}: {(e.Body.Length > 120 ? e.Body[..120] + "…" : e.Body).ReplaceLineEndings(" ")}";
}
