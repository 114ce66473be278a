using System.Text.Json.Nodes;
using Deepthought.Twin.GatewayApiCrds;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Linkerd;

/// <summary>
/// The linkerd-crds Helm release (installed with installGatewayAPI=false, as the seed does): the policy.linkerd.io
/// CRDs with the versions the chart serves, and the release's Helm storage Secret.
/// </summary>
[TwinScenario("linkerd-crd-missing", "networkauthentications.policy.linkerd.io was deleted by hand")]
public sealed class LinkerdCrdsSeeder : ITwinComponent
{
    public const string Group = "policy.linkerd.io";
    public const string ChartVersion = "2025.6.4";
    public const string AppVersion = "edge-25.6.4";

    private const string Deprecated = "policy.linkerd.io/{0} {1} is deprecated; use policy.linkerd.io/{2} {1}";

    public int Order => 30;

    public Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var ns = context.Profile.Mesh.Linkerd.Namespace;
        foreach (var crd in Crds(ns, context.Time))
        {
            context.Store.Put(crd);
        }

        if (context.Scenarios.Has("linkerd-crd-missing"))
        {
            // Put then delete: the kind stays known to the store (other components may list it), the CRD object is gone.
            context.Store.Delete("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, $"networkauthentications.{Group}");
        }

        context.Store.Put(HelmReleaseSecret.Build("linkerd-crds", ns, 1, "deployed", "linkerd-crds", ChartVersion, AppVersion, context.Time));
        return Task.CompletedTask;
    }

    public static IReadOnlyList<JsonObject> Crds(string ns, TimeProvider time)
    {
        var labels = new Dictionary<string, string>
        {
            ["app.kubernetes.io/managed-by"] = "Helm",
            ["helm.sh/chart"] = $"linkerd-crds-{ChartVersion}",
            ["linkerd.io/control-plane-ns"] = ns,
        };
        var annotations = new Dictionary<string, string>
        {
            ["linkerd.io/created-by"] = $"linkerd/helm {AppVersion}",
            ["meta.helm.sh/release-name"] = "linkerd-crds",
            ["meta.helm.sh/release-namespace"] = ns,
        };
        (string, string, string)[] serverColumns = [("Port", "string", ".spec.port"), ("Protocol", "string", ".spec.proxyProtocol")];
        (string, string, string)[] server3Columns = [.. serverColumns, ("Access Policy", "string", ".spec.accessPolicy")];
        (string, string, string)[] sazColumns = [("Server", "string", ".spec.server.name")];
        return
        [
            CrdManifest.Build(time, Group, "Server", "servers", true,
            [
                new("v1alpha1", false, DeprecationWarning: string.Format(System.Globalization.CultureInfo.InvariantCulture, Deprecated, "v1alpha1", "Server", "v1beta1"), Columns: serverColumns),
                new("v1beta1", false, DeprecationWarning: string.Format(System.Globalization.CultureInfo.InvariantCulture, Deprecated, "v1beta1", "Server", "v1beta3"), Columns: serverColumns),
                new("v1beta2", false, Columns: serverColumns),
                new("v1beta3", true, Columns: server3Columns),
            ], ["srv"], ["policy"], labels, annotations),
            CrdManifest.Build(time, Group, "ServerAuthorization", "serverauthorizations", true,
            [
                new("v1alpha1", false, DeprecationWarning: string.Format(System.Globalization.CultureInfo.InvariantCulture, Deprecated, "v1alpha1", "ServerAuthorization", "v1beta1"), Columns: sazColumns),
                new("v1beta1", true, Columns: sazColumns),
            ], ["saz", "serverauthz", "srvauthz"], ["policy"], labels, annotations),
            CrdManifest.Build(time, Group, "AuthorizationPolicy", "authorizationpolicies", true, [new("v1alpha1", true)], ["authzpolicy"], ["policy"], labels, annotations),
            CrdManifest.Build(time, Group, "MeshTLSAuthentication", "meshtlsauthentications", true, [new("v1alpha1", true)], ["meshtlsauthn"], ["policy"], labels, annotations),
            CrdManifest.Build(time, Group, "NetworkAuthentication", "networkauthentications", true, [new("v1alpha1", true)], ["netauthn", "networkauthn"], ["policy"], labels, annotations),
            CrdManifest.Build(time, Group, "HTTPRoute", "httproutes", true,
            [
                new("v1alpha1", false, true),
                new("v1beta1", false, true),
                new("v1beta2", false, true),
                new("v1beta3", true, true),
            ], null, ["policy"], labels, annotations),
        ];
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
