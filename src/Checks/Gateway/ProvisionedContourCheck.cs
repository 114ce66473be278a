using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Gateway;

/// <summary>
/// Contour's Gateway provisioner gives every Gateway of its class a Contour of its own: Deployment
/// contour-&lt;gateway&gt; in the Gateway's namespace, labelled with the owning Gateway. When an object of that name
/// already exists without those labels (the bitnami release contour owns contour-contour), the provisioner leaves it
/// as it is: the Gateway is accepted but never programmed. The check names the colliding object and its installer.
/// </summary>
public sealed class ProvisionedContourCheck : GatewayCheck
{
    public const string ContourOwnerLabel = "projectcontour.io/owning-gateway-name";
    public const string GatewayOwnerLabel = "gateway.networking.k8s.io/gateway-name";

    public override string Id => GatewayCheckIds.ProvisionedObjects;

    public override string Title => "every Gateway of the profiled class has a Contour the provisioner made for it (no name collides with another install)";

    public override string Hint =>
        "kubectl get gateways -A; kubectl -n <gateway namespace> get deploy contour-<gateway> --show-labels (the provisioner names its objects contour-<gateway> and envoy-<gateway>; " +
        "rename a Gateway whose names another install owns — the bitnami release contour owns contour-contour — as profiles/deepthought/manifests/gateway.yaml does with deepthought)";

    public override IReadOnlyList<string> DependsOn => [GatewayCheckIds.ClassAccepted];

    public override IReadOnlyList<string> FailingScenarios => ["gateway-collides-with-bitnami"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken)
    {
        var api = await context.ObserveAsync<GatewayApiObservation>(cancellationToken);
        var deployments = await context.ObserveAsync<DeploymentsObservation>(cancellationToken);
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        var gateways = api.Gateways.Where(g => g.ClassName == gateway.GatewayClass).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var gw in gateways)
        {
            var name = $"contour-{gw.Name}";
            var subject = $"Gateway {gw.Key}";
            var expected = $"Deployment {gw.Namespace}/{name} provisioned for it (labels {ContourOwnerLabel}={gw.Name}, {GatewayOwnerLabel}={gw.Name})";
            var d = deployments.Find(gw.Namespace, name);
            if (d is null)
            {
                findings.Add(new Evidence(subject, expected, $"no Deployment {gw.Namespace}/{name} (the provisioner has not provisioned it: is contour-gateway-provisioner running?)"));
                continue;
            }

            var labels = d.Metadata.Labels ?? new Dictionary<string, string>();
            var owned = (labels.TryGetValue(ContourOwnerLabel, out var a) && a == gw.Name) || (labels.TryGetValue(GatewayOwnerLabel, out var b) && b == gw.Name);
            if (!owned)
            {
                var installer = CrdFacts.Installer(d.Metadata);
                findings.Add(new Evidence(subject, expected,
                    $"Deployment {gw.Namespace}/{name} without those labels ({(installer.Length == 0 ? "installed by something else" : installer)}): the provisioner leaves it as it is and never programs this Gateway — rename the Gateway"));
                continue;
            }

            observed.Add(new Evidence(subject, expected, $"Deployment {gw.Namespace}/{name}, {d.Status?.AvailableReplicas ?? 0}/{d.Spec?.Replicas ?? 1} available"));
        }

        if (gateways.Count == 0)
        {
            return Verdict.Fail($"no Gateway of class {gateway.GatewayClass}: expected at least Gateway {gateway.GatewayNamespace}/{gateway.GatewayName} — apply gateway.yaml",
                new Evidence($"Gateways of class {gateway.GatewayClass}", $"{gateway.GatewayNamespace}/{gateway.GatewayName}", "none"));
        }

        return Verdict.FromFindings(findings, $"{string.Join(", ", gateways.Select(g => g.Key))}: each has its own Contour from the provisioner", observed);
    }
}
