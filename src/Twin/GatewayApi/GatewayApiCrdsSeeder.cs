using System.Text.Json.Nodes;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.GatewayApiCrds;

/// <summary>
/// Seeds the Gateway API CRDs as the seed leaves them: standard-install.yaml v1.2.1 overwritten by the experimental
/// bundle of contour-gateway-provisioner.yaml (names, group, served and storage versions, scope, status subresources,
/// printer columns, bundle-version/channel annotations; the profile's mesh.gatewayApi says which bundle and extra
/// kinds). The drift scenario replaces them with what a Contour Helm chart bundling Gateway API v1.1.0 experimental
/// installs — a genuinely older bundle.
/// </summary>
[TwinScenario("gateway-api-bundle-drift", "the Gateway API CRDs were overwritten by the v1.1.0 experimental bundle of a Contour Helm release")]
public sealed class GatewayApiCrdsSeeder : ITwinComponent
{
    public const string Group = "gateway.networking.k8s.io";
    public const string ApprovalAnnotation = "api-approved.kubernetes.io";
    public const string ApprovalUrl = "https://github.com/kubernetes-sigs/gateway-api/pull/3328";

    // Declared before RouteColumns: static fields initialize in textual order.
    private static readonly (string, string, string) Age = ("Age", "date", ".metadata.creationTimestamp");
    private static readonly (string, string, string)[] RouteColumns = [("Hostnames", "string", ".spec.hostnames"), Age];

    public int Order => 10;

    public Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var drift = context.Scenarios.Has("gateway-api-bundle-drift");
        var want = context.Profile.Mesh.GatewayApi;
        foreach (var crd in drift ? DriftedBundle(context.Time) : ProvisionerBundle(want.BundleVersion, want.Channel, want.ExtraCrds, context.Time))
        {
            context.Store.Put(crd);
        }

        return Task.CompletedTask;
    }

    /// <summary>The five standard-channel CRDs of v1.2.1 (GRPCRoute is v1 only; ReferenceGrant v1beta1 only).</summary>
    public static IReadOnlyList<JsonObject> StandardBundle(string bundleVersion, string channel, TimeProvider time)
    {
        var annotations = Annotations(bundleVersion, channel);
        return
        [
            GatewayClass(annotations, null, time),
            Gateway(annotations, null, time),
            CrdManifest.Build(time, Group, "GRPCRoute", "grpcroutes", true, [new("v1", true, true, Columns: RouteColumns)], null, ["gateway-api"], null, annotations),
            CrdManifest.Build(time, Group, "HTTPRoute", "httproutes", true, [new("v1", true, true, Columns: RouteColumns), new("v1beta1", false, true, Columns: RouteColumns)], null, ["gateway-api"], null, annotations),
            CrdManifest.Build(time, Group, "ReferenceGrant", "referencegrants", true, [new("v1beta1", true, Columns: [Age])], ["refgrant"], ["gateway-api"], null, annotations),
        ];
    }

    /// <summary>
    /// What the seed's last Gateway API writer leaves: contour-gateway-provisioner.yaml applied with kubectl over
    /// standard-install.yaml. Its experimental v1.2.1 bundle (Contour 1.31/1.32) serves the five standard kinds at the
    /// same versions and adds the experimental ones named in <paramref name="extras"/> (plural names).
    /// </summary>
    public static IReadOnlyList<JsonObject> ProvisionerBundle(string bundleVersion, string channel, IReadOnlyList<string> extras, TimeProvider time)
    {
        var annotations = Annotations(bundleVersion, channel);
        var crds = StandardBundle(bundleVersion, channel, time).ToList();
        foreach (var plural in extras)
        {
            if (Experimental(plural, annotations, time) is { } crd)
            {
                crds.Add(crd);
            }
        }

        foreach (var crd in crds)
        {
            // What `kubectl apply` (client-side) leaves in managedFields.
            crd["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubectl-client-side-apply", ["operation"] = "Update", ["apiVersion"] = "apiextensions.k8s.io/v1" });
        }

        return crds;
    }

    /// <summary>The experimental kinds of the v1.2.1 bundle as Contour 1.32's render has them (one alpha version each).</summary>
    private static JsonObject? Experimental(string plural, Dictionary<string, string> annotations, TimeProvider time) => plural switch
    {
        "tcproutes" => CrdManifest.Build(time, Group, "TCPRoute", "tcproutes", true, [new("v1alpha2", true, true, Columns: [Age])], null, ["gateway-api"], null, annotations),
        "tlsroutes" => CrdManifest.Build(time, Group, "TLSRoute", "tlsroutes", true, [new("v1alpha2", true, true, Columns: [Age])], null, ["gateway-api"], null, annotations),
        "udproutes" => CrdManifest.Build(time, Group, "UDPRoute", "udproutes", true, [new("v1alpha2", true, true, Columns: [Age])], null, ["gateway-api"], null, annotations),
        "backendtlspolicies" => CrdManifest.Build(time, Group, "BackendTLSPolicy", "backendtlspolicies", true, [new("v1alpha3", true, true, Columns: [Age])], ["btlspolicy"], ["gateway-api"], null, annotations),
        "backendlbpolicies" => CrdManifest.Build(time, Group, "BackendLBPolicy", "backendlbpolicies", true, [new("v1alpha2", true, true, Columns: [Age])], ["blbpolicy"], ["gateway-api"], null, annotations),
        _ => null,
    };

    /// <summary>
    /// v1.1.0 experimental as a Helm chart installs it: Helm's ownership metadata, the older served versions
    /// (GRPCRoute and ReferenceGrant still v1alpha2) and the experimental-only kinds.
    /// </summary>
    public static IReadOnlyList<JsonObject> DriftedBundle(TimeProvider time)
    {
        var annotations = Annotations("v1.1.0", "experimental");
        annotations["meta.helm.sh/release-name"] = "contour";
        annotations["meta.helm.sh/release-namespace"] = "projectcontour";
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "Helm" };
        var alpha = new CrdVersion("v1alpha2", false, true, Columns: RouteColumns);
        var crds = new List<JsonObject>
        {
            GatewayClass(annotations, labels, time),
            Gateway(annotations, labels, time),
            CrdManifest.Build(time, Group, "GRPCRoute", "grpcroutes", true, [new("v1", true, true, Columns: RouteColumns), alpha], null, ["gateway-api"], labels, annotations),
            CrdManifest.Build(time, Group, "HTTPRoute", "httproutes", true, [new("v1", true, true, Columns: RouteColumns), new("v1beta1", false, true, Columns: RouteColumns)], null, ["gateway-api"], labels, annotations),
            CrdManifest.Build(time, Group, "ReferenceGrant", "referencegrants", true, [new("v1beta1", true, Columns: [Age]), new("v1alpha2", false, Columns: [Age])], ["refgrant"], ["gateway-api"], labels, annotations),
            CrdManifest.Build(time, Group, "TCPRoute", "tcproutes", true, [new("v1alpha2", true, true, Columns: [Age])], null, ["gateway-api"], labels, annotations),
            CrdManifest.Build(time, Group, "TLSRoute", "tlsroutes", true, [new("v1alpha2", true, true, Columns: RouteColumns)], null, ["gateway-api"], labels, annotations),
            CrdManifest.Build(time, Group, "UDPRoute", "udproutes", true, [new("v1alpha2", true, true, Columns: [Age])], null, ["gateway-api"], labels, annotations),
            CrdManifest.Build(time, Group, "BackendTLSPolicy", "backendtlspolicies", true, [new("v1alpha3", true, true, Columns: [Age])], ["btlspolicy"], ["gateway-api"], labels, annotations),
            CrdManifest.Build(time, Group, "BackendLBPolicy", "backendlbpolicies", true, [new("v1alpha2", true, true, Columns: [Age])], ["blbpolicy"], ["gateway-api"], labels, annotations),
        };
        foreach (var crd in crds)
        {
            // What `helm install` leaves in managedFields: the field manager names the tool that wrote the object.
            crd["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "helm", ["operation"] = "Update", ["apiVersion"] = "apiextensions.k8s.io/v1" });
        }

        return crds;
    }

    private static Dictionary<string, string> Annotations(string bundleVersion, string channel) => new()
    {
        [ApprovalAnnotation] = ApprovalUrl,
        [$"{Group}/bundle-version"] = bundleVersion,
        [$"{Group}/channel"] = channel,
    };

    private static JsonObject GatewayClass(Dictionary<string, string> annotations, Dictionary<string, string>? labels, TimeProvider time)
    {
        (string, string, string)[] columns =
            [("Controller", "string", ".spec.controllerName"), ("Accepted", "string", ".status.conditions[?(@.type==\"Accepted\")].status"), Age, ("Description", "string", ".spec.description")];
        return CrdManifest.Build(time, Group, "GatewayClass", "gatewayclasses", false, [new("v1", true, true, Columns: columns), new("v1beta1", false, true, Columns: columns)], ["gc"], ["gateway-api"], labels, annotations);
    }

    private static JsonObject Gateway(Dictionary<string, string> annotations, Dictionary<string, string>? labels, TimeProvider time)
    {
        (string, string, string)[] columns =
            [("Class", "string", ".spec.gatewayClassName"), ("Address", "string", ".status.addresses[*].value"), ("Programmed", "string", ".status.conditions[?(@.type==\"Programmed\")].status"), Age];
        return CrdManifest.Build(time, Group, "Gateway", "gateways", true, [new("v1", true, true, Columns: columns), new("v1beta1", false, true, Columns: columns)], ["gtw"], ["gateway-api"], labels, annotations);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
