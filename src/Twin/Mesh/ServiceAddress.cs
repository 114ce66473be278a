using Deepthought.Twin.Hosting;

namespace Deepthought.Twin.Mesh;

/// <summary>A Service port in the twin's cluster DNS: namespace, service name, port.</summary>
public sealed record ServiceKey(string Namespace, string Service, int Port)
{
    public string Fqdn(string clusterDomain) => $"{Service}.{Namespace}.svc.{clusterDomain}";

    public override string ToString() => $"{Service}.{Namespace}:{Port}";
}

/// <summary>A pod serving a Service port: where the twin really listens (loopback) and the pod's container port.</summary>
public sealed record MeshEndpoint(WorkloadIdentity Pod, ServiceKey Service, int TargetPort, Uri Target);

/// <summary>Cluster DNS for Services: <c>svc</c>, <c>svc.ns</c>, <c>svc.ns.svc</c>, <c>svc.ns.svc.&lt;domain&gt;</c> (a bare name resolves in the caller's namespace).</summary>
public static class ServiceAddress
{
    public static ServiceKey? Parse(Uri uri, string? callerNamespace, string clusterDomain)
    {
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        var parts = host.Split('.');
        var port = uri.IsDefaultPort ? (uri.Scheme == Uri.UriSchemeHttps ? 443 : 80) : uri.Port;
        return parts.Length switch
        {
            1 when callerNamespace is not null => new ServiceKey(callerNamespace, parts[0], port),
            2 => new ServiceKey(parts[1], parts[0], port),
            3 when parts[2] == "svc" => new ServiceKey(parts[1], parts[0], port),
            > 3 when parts[2] == "svc" && string.Join('.', parts[3..]) == clusterDomain => new ServiceKey(parts[1], parts[0], port),
            _ => null,
        };
    }
}
