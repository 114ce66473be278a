using System.Globalization;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Formats;

namespace Deepthought.Checks.Mesh;

/// <summary>One meshed edge as the proxies name it: client and server deployments and their Linkerd identities.</summary>
public sealed record MeshEdgeIdentities(string Namespace, string From, string To, string ClientId, string ServerId)
{
    public string Name => $"edge {From}→{To} ({Namespace})";
}

/// <summary>A pod's proxy metrics, parsed by label set.</summary>
public sealed record PodMetrics(string Pod, IReadOnlyList<PrometheusSample> Samples);

/// <summary>
/// Judges one edge from linkerd2-proxy metrics, by label set (never substring): the server pods count inbound
/// requests with tls="true" from the client's identity, the client pods count outbound requests with tls="true" to
/// the server's identity, and none of the client's series to the server is plaintext (tls other than "true", or a
/// no_tls_reason).
/// </summary>
public static class EdgeTraffic
{
    // The metric families that carry the TLS labels on each request or connection.
    private static readonly HashSet<string> TlsFamilies = new(StringComparer.Ordinal) { "request_total", "response_total", "tcp_open_total", "tcp_open_connections" };

    public static void Judge(Findings f, MeshEdgeIdentities e, IReadOnlyList<PodMetrics> clients, IReadOnlyList<PodMetrics> servers)
    {
        var inbound = servers.SelectMany(p => p.Samples)
            .Where(s => s.Name == "request_total" && s.Matches(("direction", "inbound"), ("tls", "true"), ("client_id", e.ClientId)) && !s.Labels.ContainsKey("no_tls_reason"))
            .Sum(s => s.Value);
        var outbound = clients.SelectMany(p => p.Samples)
            .Where(s => s.Name == "request_total" && s.Matches(("direction", "outbound"), ("tls", "true"), ("server_id", e.ServerId), ("dst_deployment", e.To)) && !s.Labels.ContainsKey("no_tls_reason"))
            .Sum(s => s.Value);

        var plaintext = new List<string>();
        foreach (var pod in clients)
        {
            plaintext.AddRange(pod.Samples
                .Where(s => TlsFamilies.Contains(s.Name) && s.Label("direction") == "outbound" && s.Label("dst_deployment") == e.To)
                .Where(s => !s.Labels.TryGetValue("dst_namespace", out var dns) || dns == e.Namespace)
                .Where(s => s.Value > 0 && IsPlaintext(s))
                .Select(s => $"{pod.Pod} outbound {s.Name}{Why(s)} = {Count(s.Value)}"));
        }

        // Inbound plaintext on the server cannot be pinned to this edge (no client_id without TLS; scrapes and kubelet
        // probes of the admin port show up as inbound no_identity too), so plaintext is judged from the client's side,
        // as `linkerd viz edges` does. A server that only sees plaintext still fails: no inbound mTLS from the client.
        var expected = $"mTLS: inbound request_total{{tls=\"true\",client_id=\"{e.ClientId}\"}} > 0 on {e.To}, outbound request_total{{tls=\"true\",server_id=\"{e.ServerId}\",dst_deployment=\"{e.To}\"}} > 0 on {e.From}, no plaintext series";
        var problems = new List<string>();
        if (plaintext.Count > 0)
        {
            problems.Add($"plaintext traffic: {string.Join("; ", plaintext.Take(6))}{(plaintext.Count > 6 ? $" (+{plaintext.Count - 6} more)" : "")}");
        }

        if (inbound <= 0)
        {
            problems.Add($"no inbound mTLS requests from {e.ClientId} on {e.To} pods ({Seen(servers, "inbound", null)})");
        }

        if (outbound <= 0)
        {
            problems.Add($"no outbound mTLS requests to {e.ServerId} from {e.From} pods ({Seen(clients, "outbound", e.To)})");
        }

        if (problems.Count > 0)
        {
            f.Fail(e.Name, expected, string.Join("; ", problems));
        }
        else
        {
            f.Saw(e.Name, "mTLS with the expected identities", $"{Count(inbound)} inbound requests from {e.ClientId}, {Count(outbound)} outbound to {e.ServerId}, no plaintext series");
        }
    }

    private static bool IsPlaintext(PrometheusSample s) => s.Label("tls") != "true" || s.Labels.ContainsKey("no_tls_reason");

    private static string Why(PrometheusSample s) =>
        $"{{tls=\"{s.Label("tls")}\"{(s.Labels.TryGetValue("no_tls_reason", out var r) ? $",no_tls_reason=\"{r}\"" : "")}}}";

    // What the pods did report for that direction, so a miss says what was there instead.
    private static string Seen(IReadOnlyList<PodMetrics> pods, string direction, string? dstDeployment)
    {
        var combos = pods.SelectMany(p => p.Samples)
            .Where(s => s.Name == "request_total" && s.Label("direction") == direction && (dstDeployment is null || s.Label("dst_deployment") == dstDeployment))
            .Select(s => $"tls={s.Label("tls")}" + (direction == "inbound" ? $",client_id={s.Label("client_id")}" : $",server_id={s.Label("server_id")}") + (s.Labels.TryGetValue("no_tls_reason", out var r) ? $",no_tls_reason={r}" : ""))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return combos.Count == 0 ? $"no {direction} request_total series" : $"saw {string.Join(" | ", combos)}";
    }

    private static string Count(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
