using Deepthought.Protocols.GatewayApi;
using k8s.Models;

namespace Deepthought.Checks.Gateway;

/// <summary>
/// Where the harness sends HTTP to reach a Gateway, found from Kubernetes objects only:
/// the host is the Gateway's <c>status.addresses[0].value</c> (Contour copies it from the Envoy Service's
/// <c>status.loadBalancer.ingress</c>); the port is the Envoy Service port that carries the listener — on a real
/// cluster the one equal to the listener's port (80), otherwise the port named like the listener (the twin, which
/// cannot bind 80, publishes its Envoy on an ephemeral port of 127.0.0.1 under the listener's name).
/// </summary>
public sealed record GatewayEndpoint(string Host, int Port, string Derivation)
{
    /// <summary>How the harness reaches it: the Gateway's address, a node's NodePort, or the API server's service proxy.</summary>
    public ReachPath Path { get; init; } = ReachPath.Address;

    /// <summary>For <see cref="ReachPath.ServiceProxy"/>: the Service and port the API server proxies to.</summary>
    public (string Namespace, string Service, string Port) ProxyTarget { get; init; } = ("", "", "");

    public Uri BaseUri => new($"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    public override string ToString() => Path == ReachPath.ServiceProxy
        ? $"the API server's proxy of Service {ProxyTarget.Namespace}/{ProxyTarget.Service}:{ProxyTarget.Port}"
        : $"{Host}:{Port}";

    /// <summary>"via the Gateway address", "via NodePort", "via the API server's service proxy" — for evidence.</summary>
    public string Via => Path switch
    {
        ReachPath.NodePort => "via NodePort",
        ReachPath.ServiceProxy => "via the API server's service proxy",
        _ => "via the Gateway address",
    };

    /// <summary>
    /// How a homelab reaches the Gateway: its address when it has one; else &lt;node InternalIP&gt;:&lt;nodePort&gt; of the
    /// Envoy Service (a LoadBalancer Service without a load balancer still has node ports); else the API server's
    /// service proxy of <paramref name="fallback"/>. Null (with why) only when none of the three exists.
    /// </summary>
    public static GatewayEndpoint? Reach(GatewayInfo gateway, V1Service? envoy, IReadOnlyList<V1Node> nodes, NodeAddressMap? map,
        (string Namespace, string Service, string Port)? fallback, out string why)
    {
        if (Resolve(gateway, envoy, out why) is { } address)
        {
            return address;
        }

        var listener = gateway.Listeners.FirstOrDefault(l => l.Protocol == "HTTP") ?? gateway.Listeners.FirstOrDefault();
        var ports = envoy?.Spec?.Ports ?? [];
        var port = listener is null ? null : ports.FirstOrDefault(p => p.Port == listener.Port) ?? ports.FirstOrDefault(p => p.Name == listener.Name || p.Name == listener.Protocol.ToLowerInvariant());
        var node = nodes
            .Select(n => (Node: n, Ip: n.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address))
            .Where(n => !string.IsNullOrEmpty(n.Ip))
            .OrderBy(n => n.Node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true ? 0 : 1)
            .FirstOrDefault();
        if (port?.NodePort is int nodePort && nodePort > 0 && node.Ip is { } ip)
        {
            var host = map?.Translate(ip) ?? ip;
            var reached = host == ip ? "" : $", reached at {host} ({map!.Source})";
            return new GatewayEndpoint(host, nodePort,
                $"no Gateway address, so NodePort {nodePort} of Service {envoy!.Metadata.NamespaceProperty}/{envoy.Metadata.Name} (port {port.Name ?? ""}={port.Port}) on node {node.Node.Metadata.Name} InternalIP {ip}{reached}")
            { Path = ReachPath.NodePort };
        }

        var noNodePort = envoy is null ? "" : port is null ? $"; Service {envoy.Metadata.NamespaceProperty}/{envoy.Metadata.Name} has no port for the listener" : node.Ip is null ? "; no node has an InternalIP" : $"; Service {envoy.Metadata.NamespaceProperty}/{envoy.Metadata.Name} has no nodePort (type {envoy.Spec?.Type ?? "ClusterIP"})";
        if (fallback is { } f)
        {
            var proxied = new GatewayEndpoint("", 0, $"{why}{noNodePort}; so the API server's service proxy of {f.Namespace}/{f.Service}:{f.Port}")
            { Path = ReachPath.ServiceProxy, ProxyTarget = f };
            why = "";
            return proxied;
        }

        why += noNodePort;
        return null;
    }

    /// <summary>The endpoint, or null with the reason it cannot be known (no address: nothing can reach the Gateway).</summary>
    public static GatewayEndpoint? Resolve(GatewayInfo gateway, V1Service? envoy, out string why)
    {
        var listener = gateway.Listeners.FirstOrDefault(l => l.Protocol == "HTTP") ?? gateway.Listeners.FirstOrDefault();
        if (listener is null)
        {
            why = $"Gateway {gateway.Key} has no listener";
            return null;
        }

        var address = gateway.Addresses.FirstOrDefault(a => a.Value.Length > 0);
        if (address is null)
        {
            why = $"Gateway {gateway.Key} has no status.addresses; {DescribeExternalAddress(envoy)}";
            return null;
        }

        var ports = envoy?.Spec?.Ports ?? [];
        var byNumber = ports.FirstOrDefault(p => p.Port == listener.Port);
        var byName = ports.FirstOrDefault(p => p.Name == listener.Name || p.Name == listener.Protocol.ToLowerInvariant());
        why = "";
        if (byNumber is not null || envoy is null)
        {
            return new GatewayEndpoint(address.Value, listener.Port, $"Gateway address {address.Value}, listener {listener.Name} port {listener.Port}");
        }

        if (byName is not null)
        {
            return new GatewayEndpoint(address.Value, byName.Port,
                $"Gateway address {address.Value}, listener {listener.Name} published as port {byName.Name}={byName.Port} of Service {envoy.Metadata.NamespaceProperty}/{envoy.Metadata.Name}");
        }

        return new GatewayEndpoint(address.Value, listener.Port, $"Gateway address {address.Value}, listener {listener.Name} port {listener.Port} (no matching Envoy Service port)");
    }

    /// <summary>What the Envoy Service says about its external address (why a Gateway has none, on bare metal).</summary>
    public static string DescribeExternalAddress(V1Service? envoy)
    {
        if (envoy is null)
        {
            return "its Envoy Service does not exist";
        }

        var ingress = envoy.Status?.LoadBalancer?.Ingress ?? [];
        var name = $"Service {envoy.Metadata.NamespaceProperty}/{envoy.Metadata.Name}";
        if (ingress.Count == 0)
        {
            return envoy.Spec?.Type == "LoadBalancer"
                ? $"{name} (type LoadBalancer) has no external address (status.loadBalancer.ingress is empty: no load-balancer implementation such as MetalLB assigned one)"
                : $"{name} is of type {envoy.Spec?.Type ?? "ClusterIP"}, which gets no external address";
        }

        return $"{name} has external address {string.Join(", ", ingress.Select(i => i.Ip ?? i.Hostname))}";
    }
}

/// <summary>How the harness reached the gateway (or web, for the policy votes).</summary>
public enum ReachPath
{
    Address,
    NodePort,
    ServiceProxy,
}

/// <summary>
/// Where a node's InternalIP is reached from the harness when it is not routable as is (the twin's nodes are this
/// machine's loopback); absent on a real cluster, where InternalIPs are dialled directly.
/// </summary>
public sealed record NodeAddressMap(IReadOnlyDictionary<string, string> Addresses, string Source)
{
    public string Translate(string internalIp) => Addresses.TryGetValue(internalIp, out var a) ? a : internalIp;

    /// <summary>"ip=host,ip=host" (the twin's Outputs["nodeAddresses"]).</summary>
    public static NodeAddressMap Parse(string text, string source) => new(
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal),
        source);
}
