namespace Deepthought.Twin.Mesh.Metrics;

public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>A metric family a linkerd2-proxy exports (names and types as the proxy's /metrics; help text ours).</summary>
public sealed record MetricFamily(string Name, MetricType Type, string Help);

/// <summary>The families the twin's proxies export, in exposition order.</summary>
public static class MetricFamilies
{
    public static readonly MetricFamily RequestTotal = new("request_total", MetricType.Counter, "Total count of HTTP requests.");
    public static readonly MetricFamily ResponseTotal = new("response_total", MetricType.Counter, "Total count of HTTP responses.");
    public static readonly MetricFamily ResponseLatency = new("response_latency_ms", MetricType.Histogram, "Elapsed times between a request's headers being received and its response headers being sent.");
    public static readonly MetricFamily TcpOpenTotal = new("tcp_open_total", MetricType.Counter, "Total count of opened connections.");
    public static readonly MetricFamily TcpCloseTotal = new("tcp_close_total", MetricType.Counter, "Total count of closed connections.");
    public static readonly MetricFamily TcpOpenConnections = new("tcp_open_connections", MetricType.Gauge, "Number of currently-open connections.");
    public static readonly MetricFamily TcpReadBytes = new("tcp_read_bytes_total", MetricType.Counter, "Total count of bytes read from peers.");
    public static readonly MetricFamily TcpWriteBytes = new("tcp_write_bytes_total", MetricType.Counter, "Total count of bytes written to peers.");
    public static readonly MetricFamily AuthzAllow = new("inbound_http_authz_allow_total", MetricType.Counter, "The total number of inbound HTTP requests that were authorized.");
    public static readonly MetricFamily AuthzDeny = new("inbound_http_authz_deny_total", MetricType.Counter, "The total number of inbound HTTP requests that were denied by policy.");
    public static readonly MetricFamily CertExpiry = new("identity_cert_expiration_timestamp_seconds", MetricType.Gauge, "Time when this proxy's current mTLS identity certificate will expire (in seconds since the UNIX epoch).");
    public static readonly MetricFamily CertRefresh = new("identity_cert_refresh_count", MetricType.Counter, "The total number of times this proxy's mTLS identity certificate has been refreshed by the Identity service.");
    public static readonly MetricFamily ProcessStart = new("process_start_time_seconds", MetricType.Gauge, "Time that the process started (in seconds since the UNIX epoch).");

    public static IReadOnlyList<MetricFamily> All { get; } =
    [
        RequestTotal, ResponseTotal, ResponseLatency, TcpOpenTotal, TcpCloseTotal, TcpOpenConnections, TcpReadBytes, TcpWriteBytes,
        AuthzAllow, AuthzDeny, CertExpiry, CertRefresh, ProcessStart,
    ];

    /// <summary>linkerd2-proxy's latency buckets (milliseconds).</summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } =
        [1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000, 4000, 5000, 10000, 20000, 30000, 40000, 50000];
}
