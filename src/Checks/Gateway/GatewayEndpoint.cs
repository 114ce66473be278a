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
    public Uri BaseUri => new($"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    public override string ToString() => $"{Host}:{Port}";

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
