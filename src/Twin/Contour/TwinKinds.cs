using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Contour;

/// <summary>
/// The Gateway API and Linkerd policy kinds the Gateway and Policy phases store. Their CRDs are the Mesh phase's
/// (the real v1.2.1 bundle and linkerd-crds); when that part of the twin did not register a kind, it is registered
/// here as a bare type — never as a CRD object, so the Mesh phase's CRD checks see only what the mesh seeded.
/// </summary>
internal static class TwinKinds
{
    private static readonly string[] Status = ["status"];

    public static readonly ResourceType GatewayClass = new("gateway.networking.k8s.io", "v1", "GatewayClass", "gatewayclasses", false, "gatewayclass", ["gc"], Status);
    public static readonly ResourceType Gateway = new("gateway.networking.k8s.io", "v1", "Gateway", "gateways", true, "gateway", ["gtw"], Status);
    public static readonly ResourceType HttpRoute = new("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes", true, "httproute", null, Status);

    private static readonly ResourceType[] Policy =
    [
        new("policy.linkerd.io", "v1beta3", "Server", "servers", true, "server", ["srv"]),
        new("policy.linkerd.io", "v1beta2", "Server", "servers", true, "server", ["srv"]),
        new("policy.linkerd.io", "v1beta1", "Server", "servers", true, "server", ["srv"]),
        new("policy.linkerd.io", "v1beta1", "ServerAuthorization", "serverauthorizations", true, "serverauthorization", ["saz", "serverauthz", "srvauthz"]),
        new("policy.linkerd.io", "v1alpha1", "AuthorizationPolicy", "authorizationpolicies", true, "authorizationpolicy", ["authzpolicy"]),
        new("policy.linkerd.io", "v1alpha1", "MeshTLSAuthentication", "meshtlsauthentications", true, "meshtlsauthentication", ["meshtlsauthn"]),
        new("policy.linkerd.io", "v1alpha1", "NetworkAuthentication", "networkauthentications", true, "networkauthentication", ["netauthn"]),
    ];

    public static void EnsureGatewayApi(KubeStore store)
    {
        foreach (var t in new[] { GatewayClass, Gateway, HttpRoute })
        {
            Ensure(store, t);
        }
    }

    public static void EnsurePolicy(KubeStore store)
    {
        foreach (var t in Policy)
        {
            Ensure(store, t);
        }
    }

    private static void Ensure(KubeStore store, ResourceType type)
    {
        if (store.FindByPlural(type.Group, type.Version, type.Plural) is null)
        {
            store.Register(type);
        }
    }
}
