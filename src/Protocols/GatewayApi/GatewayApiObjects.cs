using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;

namespace Deepthought.Protocols.GatewayApi;

/// <summary>A metav1.Condition as Gateway API controllers write them.</summary>
public sealed record Condition(string Type, string Status, string Reason, string Message, long? ObservedGeneration)
{
    public bool IsTrue => Status == "True";

    public override string ToString() =>
        $"{Type}={Status}" + (Reason.Length == 0 && Message.Length == 0 ? "" : $" ({Reason}{(Message.Length > 0 ? $": {Message}" : "")})");

    public static IReadOnlyList<Condition> ListFrom(JsonNode? node, params string[] path) =>
        node.Items(path).Select(c => new Condition(c.Str("type"), c.Str("status"), c.Str("reason"), c.Str("message"), c.Long("observedGeneration"))).ToList();

    public static Condition? Find(IReadOnlyList<Condition> conditions, string type) => conditions.FirstOrDefault(c => c.Type == type);

    /// <summary>"Accepted=True (Accepted)", or "no Accepted condition" when the controller never reported it.</summary>
    public static string Describe(IReadOnlyList<Condition> conditions, string type) =>
        Find(conditions, type)?.ToString() ?? $"no {type} condition (no controller has reported status)";
}

/// <summary>A GatewayClass: which controller owns it and what that controller reported.</summary>
public sealed record GatewayClassInfo(string Name, string ControllerName, long Generation, IReadOnlyList<Condition> Conditions)
{
    public static GatewayClassInfo From(JsonNode o) =>
        new(o.Str("metadata", "name"), o.Str("spec", "controllerName"), o.Long("metadata", "generation") ?? 1, Condition.ListFrom(o, "status", "conditions"));
}

/// <summary>A Gateway listener's spec: where routes may attach from (All, Same or Selector).</summary>
public sealed record ListenerSpec(string Name, string Protocol, int Port, string Hostname, string AllowedFrom);

/// <summary>A Gateway listener's status.</summary>
public sealed record ListenerStatus(string Name, int AttachedRoutes, IReadOnlyList<Condition> Conditions);

/// <summary>One of status.addresses: {type: IPAddress|Hostname, value}.</summary>
public sealed record GatewayAddress(string Type, string Value);

/// <summary>A Gateway with its listeners and its controller-reported status.</summary>
public sealed record GatewayInfo(
    string Namespace,
    string Name,
    string ClassName,
    long Generation,
    IReadOnlyList<ListenerSpec> Listeners,
    IReadOnlyList<GatewayAddress> Addresses,
    IReadOnlyList<Condition> Conditions,
    IReadOnlyList<ListenerStatus> ListenerStatuses)
{
    public string Key => $"{Namespace}/{Name}";

    public static GatewayInfo From(JsonNode o) => new(
        o.Str("metadata", "namespace"),
        o.Str("metadata", "name"),
        o.Str("spec", "gatewayClassName"),
        o.Long("metadata", "generation") ?? 1,
        o.Items("spec", "listeners").Select(l => new ListenerSpec(
            l.Str("name"),
            l.Str("protocol"),
            (int)(l.Long("port") ?? 0),
            l.Str("hostname"),
            l.Str("allowedRoutes", "namespaces", "from") is { Length: > 0 } from ? from : "Same")).ToList(),
        o.Items("status", "addresses").Select(a => new GatewayAddress(a.Str("type") is { Length: > 0 } t ? t : "IPAddress", a.Str("value"))).ToList(),
        Condition.ListFrom(o, "status", "conditions"),
        o.Items("status", "listeners").Select(l => new ListenerStatus(l.Str("name"), (int)(l.Long("attachedRoutes") ?? 0), Condition.ListFrom(l, "conditions"))).ToList());
}

/// <summary>A route's parentRef (defaults filled in: group gateway.networking.k8s.io, kind Gateway, the route's namespace).</summary>
public sealed record ParentRef(string Group, string Kind, string Namespace, string Name, string SectionName)
{
    public bool IsGateway(string ns, string name) =>
        Group == GatewayApi.Group && Kind == "Gateway" && Namespace == ns && Name == name;

    public override string ToString() => $"{Kind} {Namespace}/{Name}" + (SectionName.Length > 0 ? $" (listener {SectionName})" : "");

    public static ParentRef From(JsonNode p, string routeNamespace) => new(
        p.Str("group") is { Length: > 0 } g ? g : GatewayApi.Group,
        p.Str("kind") is { Length: > 0 } k ? k : "Gateway",
        p.Str("namespace") is { Length: > 0 } ns ? ns : routeNamespace,
        p.Str("name"),
        p.Str("sectionName"));
}

/// <summary>A rule's backend (defaults: core Service in the route's namespace).</summary>
public sealed record BackendRef(string Group, string Kind, string Namespace, string Name, int? Port)
{
    public bool IsService => Group.Length == 0 && Kind == "Service";

    public override string ToString() => $"{Kind} {Namespace}/{Name}" + (Port is { } p ? $":{p}" : "");
}

/// <summary>A path match: PathPrefix, Exact or RegularExpression.</summary>
public sealed record PathMatch(string Type, string Value);

/// <summary>One HTTPRoute rule: its path matches (a rule without matches matches every path) and backends.</summary>
public sealed record RouteRule(IReadOnlyList<PathMatch> Paths, IReadOnlyList<BackendRef> Backends);

/// <summary>What one controller reported for one parent of a route.</summary>
public sealed record RouteParentStatus(ParentRef ParentRef, string ControllerName, IReadOnlyList<Condition> Conditions);

/// <summary>An HTTPRoute: hostnames, parents, rules and the per-parent status.</summary>
public sealed record HttpRouteInfo(
    string Namespace,
    string Name,
    long Generation,
    IReadOnlyList<string> Hostnames,
    IReadOnlyList<ParentRef> ParentRefs,
    IReadOnlyList<RouteRule> Rules,
    IReadOnlyList<RouteParentStatus> Parents)
{
    public string Key => $"{Namespace}/{Name}";

    public RouteParentStatus? StatusFor(string gatewayNamespace, string gatewayName) =>
        Parents.FirstOrDefault(p => p.ParentRef.IsGateway(gatewayNamespace, gatewayName));

    public static HttpRouteInfo From(JsonNode o)
    {
        var ns = o.Str("metadata", "namespace");
        return new(
            ns,
            o.Str("metadata", "name"),
            o.Long("metadata", "generation") ?? 1,
            o.Items("spec", "hostnames").Select(h => h.Str()).ToList(),
            o.Items("spec", "parentRefs").Select(p => ParentRef.From(p, ns)).ToList(),
            o.Items("spec", "rules").Select(r => Rule(r, ns)).ToList(),
            o.Items("status", "parents").Select(p => new RouteParentStatus(
                ParentRef.From(p["parentRef"]!, ns), p.Str("controllerName"), Condition.ListFrom(p, "conditions"))).ToList());
    }

    private static RouteRule Rule(JsonNode r, string ns)
    {
        var paths = r.Items("matches")
            .Select(m => m.At("path") is { } path
                ? new PathMatch(path.Str("type") is { Length: > 0 } t ? t : "PathPrefix", path.Str("value") is { Length: > 0 } v ? v : "/")
                : new PathMatch("PathPrefix", "/"))
            .ToList();
        if (paths.Count == 0)
        {
            paths.Add(new PathMatch("PathPrefix", "/"));
        }

        var backends = r.Items("backendRefs").Select(b => new BackendRef(
            b.Str("group"),
            b.Str("kind") is { Length: > 0 } k ? k : "Service",
            b.Str("namespace") is { Length: > 0 } bns ? bns : ns,
            b.Str("name"),
            (int?)b.Long("port"))).ToList();
        return new RouteRule(paths, backends);
    }
}

/// <summary>Gateway API names used by the probes, the twin and the checks.</summary>
public static class GatewayApi
{
    public const string Group = "gateway.networking.k8s.io";
    public const string Version = "v1";
    public const string ContourController = "projectcontour.io/gateway-controller";
}
