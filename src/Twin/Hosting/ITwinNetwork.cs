namespace Deepthought.Twin.Hosting;

/// <summary>Who sends a request inside the twin: a pod (meshed or not), by namespace, pod name and service account.</summary>
public sealed record WorkloadIdentity(string Namespace, string Pod, string ServiceAccount, bool Meshed)
{
    /// <summary>The Linkerd identity a meshed pod's proxy presents: &lt;sa&gt;.&lt;ns&gt;.serviceaccount.identity.linkerd.cluster.local.</summary>
    public string LinkerdIdentity(string controlNamespace = "linkerd", string trustDomain = "cluster.local") =>
        $"{ServiceAccount}.{Namespace}.serviceaccount.identity.{controlNamespace}.{trustDomain}";
}

/// <summary>
/// The twin's pod network with the Linkerd mesh in it (provided by the mesh layer through
/// <see cref="TwinContext.Provide{T}"/>). Requests address services by cluster DNS name, e.g.
/// http://web-svc.emojivoto.svc.cluster.local:80/api/list or http://voting-svc.emojivoto:8080 for gRPC (h2c):
/// they travel through the caller's outbound proxy (when meshed) and the callee's inbound proxy, which records
/// linkerd2-proxy metrics and enforces the Linkerd policy objects stored in the twin.
/// </summary>
public interface ITwinNetwork
{
    /// <summary>An HTTP client as seen from a pod; <c>null</c> = from outside the mesh (e.g. the gateway's Envoy, unmeshed).</summary>
    HttpClient ClientFor(WorkloadIdentity? from);

    /// <summary>Registers a workload pod serving a port (the mesh puts its proxies in front of it when the pod is meshed).</summary>
    void RegisterEndpoint(WorkloadIdentity pod, string service, int port, Uri target);
}
