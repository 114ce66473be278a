using Deepthought.Twin.Hosting;
using Deepthought.Twin.Mesh.Metrics;

namespace Deepthought.Twin.Mesh;

/// <summary>The linkerd-proxy sidecar of one meshed pod: its identity and its metrics.</summary>
public sealed class ProxyState
{
    public ProxyState(WorkloadIdentity pod, PodFacts facts, string identity, DateTimeOffset started)
    {
        Pod = pod;
        Facts = facts;
        Identity = identity;
        Started = started;
        var none = new Labels();
        Metrics.Set(MetricFamilies.ProcessStart, none, started.ToUnixTimeSeconds());
        // The proxy obtains its first leaf certificate (24 h lifetime, identity.issuer.issuanceLifetime) at start.
        Metrics.Set(MetricFamilies.CertExpiry, none, started.AddHours(24).ToUnixTimeSeconds());
        Metrics.Increment(MetricFamilies.CertRefresh, none);
    }

    public WorkloadIdentity Pod { get; }

    public PodFacts Facts { get; }

    /// <summary>The Linkerd identity this proxy's certificate carries.</summary>
    public string Identity { get; }

    public DateTimeOffset Started { get; }

    public ProxyMetrics Metrics { get; } = new();

    public override string ToString() => $"{Pod.Namespace}/{Pod.Pod} ({Identity})";
}
