using k8s;

namespace Deepthought.Checks.Probes;

/// <summary>
/// How this run reaches the cluster: a Kubernetes client from a kubeconfig (TLS verified as the kubeconfig says)
/// and, when there is one, a talosconfig. The twin and the real cluster are reached the same way.
/// </summary>
public sealed class ClusterConnections : IDisposable
{
    public required string Target { get; init; }

    public required IKubernetes Kubernetes { get; init; }

    public required KubernetesClientConfiguration KubernetesConfiguration { get; init; }

    public required string KubeconfigPath { get; init; }

    /// <summary>The kubeconfig context in use.</summary>
    public required string KubeContext { get; init; }

    /// <summary>The talosconfig context to use (null: its current context).</summary>
    public string? TalosContext { get; init; }

    /// <summary>The talosconfig path, when one was given or generated.</summary>
    public string? TalosconfigPath { get; init; }

    /// <summary>
    /// The Kubernetes client's own HTTP client (same TLS verification and client certificate) for requests the typed
    /// client cannot express (metadata-only lists, proxies). Add the bearer token yourself when the kubeconfig has one.
    /// </summary>
    public HttpClient KubeHttp => (Kubernetes as k8s.Kubernetes)?.HttpClient
        ?? throw new InvalidOperationException("the Kubernetes client is not the standard one; raw requests are unavailable");

    /// <summary>Talos API endpoints that replace the talosconfig's, as talosctl's -e (empty: none given).</summary>
    public IReadOnlyList<string> TalosEndpoints { get; init; } = [];

    /// <summary>Where <see cref="TalosEndpoints"/> came from, for evidence.</summary>
    public string TalosEndpointsSource { get; init; } = Talos.TalosEndpoints.OverrideName;

    /// <summary>Endpoints when neither the override nor the talosconfig has any: the profile's control-plane IPs.</summary>
    public IReadOnlyList<string> TalosFallbackEndpoints { get; init; } = [];

    /// <summary>The nodes to ask through the endpoints, as the seed's <c>talosctl --nodes</c>: the profile's node IPs.</summary>
    public IReadOnlyList<string> TalosNodes { get; init; } = [];

    /// <summary>Per-request timeout for API calls.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Further clients the target offers (the Talos client, acceptance actions).</summary>
    public Dictionary<Type, object> Extras { get; } = [];

    public void Dispose()
    {
        Kubernetes.Dispose();
        foreach (var e in Extras.Values.OfType<IDisposable>())
        {
            e.Dispose();
        }
    }
}
