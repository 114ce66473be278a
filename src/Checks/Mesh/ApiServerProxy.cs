namespace Deepthought.Checks.Mesh;

/// <summary>
/// What a pod or service answered through the API server's proxy subresource; <paramref name="FromApiServer"/> when
/// the API server answered itself (a Status: no endpoints, target unreachable) — then the body is its message.
/// </summary>
public sealed record ProxyResponse(int StatusCode, string Body, bool FromApiServer = false)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The first line of the body, shortened, for evidence.</summary>
    public string Excerpt
    {
        get
        {
            var line = Body.Split('\n', 2)[0].Trim();
            line = line.Length > 160 ? line[..160] + "…" : line;
            return FromApiServer ? $"from the API server: {line}" : line;
        }
    }
}

/// <summary>
/// GETs through the API server's pod and service proxies (<c>pods/proxy</c>, <c>services/proxy</c> get): the proxy
/// admin port 4191 of meshed pods, the viz dashboard. Each path is fetched once per run.
/// </summary>
public sealed class ApiServerProxy : KeyedObservation<ProxyResponse>
{
    public ApiServerProxy(Func<string, CancellationToken, Task<ProxyResponse>> fetch, CancellationToken runToken = default)
        : base(fetch, runToken)
    {
    }

    /// <summary>GET /api/v1/namespaces/{ns}/pods/{pod}:{port}/proxy/{path}.</summary>
    public Task<ProxyResponse> PodAsync(string ns, string pod, int port, string path, CancellationToken cancellationToken) =>
        GetAsync(PodPath(ns, pod, port, path), cancellationToken);

    /// <summary>GET /api/v1/namespaces/{ns}/services/{service}:{port}/proxy/{path}.</summary>
    public Task<ProxyResponse> ServiceAsync(string ns, string service, string port, string path, CancellationToken cancellationToken) =>
        GetAsync(ServicePath(ns, service, port, path), cancellationToken);

    public static string PodPath(string ns, string pod, int port, string path) =>
        $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods/{Uri.EscapeDataString(pod)}:{port}/proxy/{path.TrimStart('/')}";

    public static string ServicePath(string ns, string service, string port, string path) =>
        $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/services/{Uri.EscapeDataString(service)}:{Uri.EscapeDataString(port)}/proxy/{path.TrimStart('/')}";
}
