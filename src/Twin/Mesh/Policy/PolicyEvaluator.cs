using System.Text.Json.Nodes;

namespace Deepthought.Twin.Mesh.Policy;

/// <summary>
/// Linkerd's inbound authorization (stack-facts §3): no Server selecting the port → the pod's default policy; a
/// Server → deny unless a ServerAuthorization or an AuthorizationPolicy (all required authentications matching)
/// admits the client, or the Server's accessPolicy (v1beta3, default deny) does.
/// </summary>
public static class PolicyEvaluator
{
    public static PolicyDecision Evaluate(PolicySnapshot policy, PodFacts pod, int port, PolicyClient client, string controlNs, string trustDomain)
    {
        var server = policy.Servers
            .Where(s => PolicySnapshot.Namespace(s) == pod.Namespace && Selects(s, pod, port))
            .OrderBy(PolicySnapshot.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (server is null)
        {
            var fallback = PolicyRef.Default(pod.DefaultInboundPolicy);
            return DefaultAllows(pod.DefaultInboundPolicy, client)
                ? new PolicyDecision(true, fallback, fallback, $"no Server selects port {port}: default policy {pod.DefaultInboundPolicy}")
                : new PolicyDecision(false, fallback, null, $"no Server selects port {port}; default policy {pod.DefaultInboundPolicy} refuses this client");
        }

        var serverName = PolicySnapshot.Name(server);
        var serverRef = new PolicyRef(PolicyRef.LinkerdGroup, "server", serverName);
        var ctx = new AuthnContext(policy, client, controlNs, trustDomain);
        foreach (var saz in policy.ServerAuthorizations.Where(a => PolicySnapshot.Namespace(a) == pod.Namespace).OrderBy(PolicySnapshot.Name, StringComparer.Ordinal))
        {
            if (TargetsServer(saz["spec"]?["server"], server) && ctx.ClientMatches(saz["spec"]?["client"], pod.Namespace))
            {
                return new PolicyDecision(true, serverRef, new PolicyRef(PolicyRef.LinkerdGroup, "serverauthorization", PolicySnapshot.Name(saz)), "ServerAuthorization admits the client");
            }
        }

        foreach (var ap in policy.AuthorizationPolicies.Where(a => PolicySnapshot.Namespace(a) == pod.Namespace).OrderBy(PolicySnapshot.Name, StringComparer.Ordinal))
        {
            if (PolicyTargets(ap["spec"]?["targetRef"], serverName, pod.Namespace) && ctx.AllRequiredMatch(ap["spec"]?["requiredAuthenticationRefs"] as JsonArray, pod.Namespace))
            {
                return new PolicyDecision(true, serverRef, new PolicyRef(PolicyRef.LinkerdGroup, "authorizationpolicy", PolicySnapshot.Name(ap)), "AuthorizationPolicy admits the client");
            }
        }

        var access = (string?)server["spec"]?["accessPolicy"] ?? "deny";
        return DefaultAllows(access, client)
            ? new PolicyDecision(true, serverRef, PolicyRef.Default(access), $"Server {serverName} accessPolicy {access}")
            : new PolicyDecision(false, serverRef, null, $"Server {serverName} selects port {port} and no authorization admits the client");
    }

    /// <summary>A Server selects a pod's port by number or by container port name, through its podSelector.</summary>
    public static bool Selects(JsonObject server, PodFacts pod, int port)
    {
        var spec = server["spec"] as JsonObject;
        if (spec?["podSelector"] is not JsonObject selector || !LabelSelector.Matches(selector, pod.Labels))
        {
            return false;
        }

        return spec["port"] switch
        {
            JsonValue v when v.TryGetValue<int>(out var n) => n == port,
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var n) => n == port,
            JsonValue v when v.TryGetValue<string>(out var name) => pod.NamedPorts.TryGetValue(name, out var p) && p == port,
            _ => false,
        };
    }

    /// <summary>The default policies (cluster, namespace or pod annotation; a Server's accessPolicy).</summary>
    public static bool DefaultAllows(string policy, PolicyClient client) => policy switch
    {
        "all-unauthenticated" or "cluster-unauthenticated" or "audit" => true,
        "all-authenticated" or "cluster-authenticated" => client.Tls && client.ClientIdentity is not null,
        _ => false,
    };

    private static bool TargetsServer(JsonNode? target, JsonObject server)
    {
        if ((string?)target?["name"] is { } name)
        {
            return name == PolicySnapshot.Name(server);
        }

        var labels = (server["metadata"]?["labels"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "", StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        return LabelSelector.Matches(target?["selector"], labels);
    }

    private static bool PolicyTargets(JsonNode? targetRef, string serverName, string ns)
    {
        var kind = (string?)targetRef?["kind"];
        var group = (string?)targetRef?["group"] ?? "";
        var name = (string?)targetRef?["name"];
        return (kind, group) switch
        {
            ("Server", PolicyRef.LinkerdGroup or "") => name == serverName,
            ("Namespace", "" or "core") => name == ns,
            _ => false, // HTTPRoute targets: the twin's proxies have no per-route policy.
        };
    }
}
