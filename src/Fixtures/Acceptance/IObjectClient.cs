using System.Text.Json.Nodes;
using Deepthought.Checks.Mesh;
using Deepthought.Checks.Policy;

namespace Deepthought.Fixtures.Acceptance;

/// <summary>A write refused or failed by the API server: its HTTP status and the server's message.</summary>
public sealed class ObjectClientException(int status, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Status { get; } = status;
}

/// <summary>
/// The few generic object operations acceptance needs (objects as JSON). The real implementation talks to the API
/// server; the harness's own tests can put the twin's store behind it before going through HTTP.
/// </summary>
public interface IObjectClient
{
    Task<JsonObject?> GetAsync(ObjectRef target, CancellationToken cancellationToken);

    Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken cancellationToken);

    /// <summary>Replaces the object (the caller sets metadata.resourceVersion from a fresh read).</summary>
    Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken cancellationToken);

    /// <summary>Deletes the object; false when it was already gone.</summary>
    Task<bool> DeleteAsync(ObjectRef target, CancellationToken cancellationToken);

    /// <summary>Every object of the kind, in all namespaces, matching the label selector.</summary>
    Task<IReadOnlyList<JsonObject>> ListAsync(string apiVersion, string kind, string labelSelector, CancellationToken cancellationToken);

    /// <summary>GET /{path} through the API server's proxy subresource (e.g. api/v1/namespaces/n/pods/p:8080/proxy/api/vote?choice=...).</summary>
    Task<ProxyResponse> ProxyGetAsync(string path, CancellationToken cancellationToken);
}

/// <summary>The kinds acceptance writes, with their REST names (the leak check lists each of them).</summary>
public static class AcceptanceKinds
{
    public static readonly IReadOnlyList<(string ApiVersion, string Kind, string Plural, bool Namespaced)> All =
    [
        ("v1", "Namespace", "namespaces", false),
        ("v1", "ServiceAccount", "serviceaccounts", true),
        ("v1", "Pod", "pods", true),
        ("policy.linkerd.io/v1beta3", "Server", "servers", true),
        ("policy.linkerd.io/v1beta1", "ServerAuthorization", "serverauthorizations", true),
        ("policy.linkerd.io/v1alpha1", "AuthorizationPolicy", "authorizationpolicies", true),
        ("policy.linkerd.io/v1alpha1", "MeshTLSAuthentication", "meshtlsauthentications", true),
        ("policy.linkerd.io/v1alpha1", "NetworkAuthentication", "networkauthentications", true),
        ("gateway.networking.k8s.io/v1", "GatewayClass", "gatewayclasses", false),
        ("gateway.networking.k8s.io/v1", "Gateway", "gateways", true),
        ("gateway.networking.k8s.io/v1", "HTTPRoute", "httproutes", true),
    ];

    /// <summary>The kinds the leak check lists: those acceptance mode creates.</summary>
    public static readonly IReadOnlyList<string> LeakChecked =
        ["Namespace", "ServiceAccount", "Pod", "Server", "ServerAuthorization", "AuthorizationPolicy", "MeshTLSAuthentication"];

    public static (string ApiVersion, string Kind, string Plural, bool Namespaced) Find(string kind) =>
        All.FirstOrDefault(k => k.Kind == kind) is { Kind: not null } found
            ? found
            : throw new ObjectClientException(0, $"acceptance does not know how to write kind {kind}");
}
