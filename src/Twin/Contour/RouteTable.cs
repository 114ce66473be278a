using Deepthought.Protocols.GatewayApi;

namespace Deepthought.Twin.Contour;

/// <summary>Where Envoy sends one request: a backend Service, or the status Envoy answers itself (404 no route, 500 invalid backend).</summary>
internal sealed record RouteDecision(int Status, string Detail, BackendRef? Backend, HttpRouteInfo? Route);

/// <summary>
/// Envoy's route table as Contour programs it from the stored HTTPRoutes: only routes the Gateway accepted, matched
/// by hostname then by the most specific path (Exact, then the longest PathPrefix).
/// </summary>
internal static class RouteTable
{
    public static RouteDecision Decide(GatewayInfo gateway, IEnumerable<HttpRouteInfo> routes, string host, string path)
    {
        var candidates = new List<(HttpRouteInfo Route, RouteRule Rule, PathMatch Match)>();
        foreach (var route in routes)
        {
            var parent = route.StatusFor(gateway.Namespace, gateway.Name);
            if (parent is null || Condition.Find(parent.Conditions, "Accepted")?.IsTrue != true)
            {
                continue; // Contour programs only the routes it accepted for this Gateway
            }

            if (route.Hostnames.Count > 0 && !route.Hostnames.Any(h => HostMatches(h, host)))
            {
                continue;
            }

            foreach (var rule in route.Rules)
            {
                foreach (var match in rule.Paths.Where(m => PathMatches(m, path)))
                {
                    candidates.Add((route, rule, match));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return new RouteDecision(404, $"no route for host {host} path {path}", null, null);
        }

        var best = candidates
            .OrderByDescending(c => c.Match.Type == "Exact")
            .ThenByDescending(c => c.Match.Value.Length)
            .First();
        var resolved = Condition.Find(best.Route.StatusFor(gateway.Namespace, gateway.Name)!.Conditions, "ResolvedRefs");
        var backend = best.Rule.Backends.FirstOrDefault();
        if (resolved?.IsTrue != true || backend is null || !backend.IsService)
        {
            // Gateway API: requests to a rule whose backends are invalid get a 500.
            return new RouteDecision(500, $"route {best.Route.Key} has no valid backend ({resolved?.ToString() ?? "no ResolvedRefs condition"})", null, best.Route);
        }

        return new RouteDecision(200, $"route {best.Route.Key} → {backend}", backend, best.Route);
    }

    public static bool HostMatches(string pattern, string host)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        pattern = pattern.ToLowerInvariant();
        return pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.Ordinal) && host.Length > pattern.Length - 1
            : host == pattern;
    }

    public static bool PathMatches(PathMatch match, string path) => match.Type switch
    {
        "Exact" => path == match.Value,
        "PathPrefix" => match.Value == "/" || path == match.Value.TrimEnd('/') || path.StartsWith(match.Value.TrimEnd('/') + "/", StringComparison.Ordinal),
        _ => false, // RegularExpression is implementation-specific; Contour's twin does not program it
    };
}
