using System.Text;
using System.Text.Json.Nodes;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Linkerd;

/// <summary>
/// The linkerd-control-plane Helm release as the seed installs it (values-ha.yaml, step-made anchor and issuer,
/// proxyInit.runAsRoot=true, a control-plane toleration): identity PKI objects, the three HA Deployments with their
/// Pods, the release Secret. Exposes the generated PKI (<see cref="LinkerdPki"/>) and the anchor's fingerprint and
/// PEM path in <see cref="TwinContext.Outputs"/> so a profile can pin this twin's anchor.
/// </summary>
[TwinScenario("linkerd-control-plane-single-replica", "linkerd-destination runs 1 replica (values-ha.yaml not applied to it)")]
[TwinScenario("linkerd-issuer-expiring", "the identity issuer certificate expires in 10 days")]
[TwinScenario("linkerd-issuer-expired", "the identity issuer certificate expired 3 days ago")]
[TwinScenario("linkerd-issuer-foreign-anchor", "the issuer was signed by another root (same CN) than the distributed trust anchor")]
[TwinScenario("linkerd-anchor-not-profiled", "Linkerd was installed with another root, CN root.other.cluster.local")]
[TwinScenario("linkerd-helm-release-failed", "the last upgrade of the linkerd-control-plane Helm release failed")]
public sealed class LinkerdControlPlaneSeeder : ITwinComponent
{
    public const string FingerprintOutput = "linkerd-trust-anchor-fingerprint";
    public const string AnchorPemOutput = "linkerd-trust-anchor";
    public const string ForeignAnchorName = "root.other.cluster.local";

    public int Order => 40;

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var linkerd = context.Profile.Mesh.Linkerd;
        var s = context.Scenarios;
        var ns = linkerd.Namespace;
        var shape = s.Has("linkerd-issuer-expired") ? IssuerShape.Expired
            : s.Has("linkerd-issuer-expiring") ? IssuerShape.ExpiresInTenDays
            : s.Has("linkerd-issuer-foreign-anchor") ? IssuerShape.SignedByForeignRoot
            : IssuerShape.Healthy;
        var anchorName = s.Has("linkerd-anchor-not-profiled") ? ForeignAnchorName : linkerd.TrustAnchor.CommonName;
        var pki = LinkerdPki.Create(context.Time.GetUtcNow(), anchorName, linkerd.IssuerName, shape);
        context.Provide(pki);
        context.Outputs[FingerprintOutput] = pki.AnchorFingerprintSha256;
        var dir = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "linkerd"));
        var anchorPath = Path.Combine(dir.FullName, "ca.crt");
        await File.WriteAllTextAsync(anchorPath, pki.AnchorPem, cancellationToken);
        context.Outputs[AnchorPemOutput] = anchorPath;

        var identityLabels = new Dictionary<string, string> { ["linkerd.io/control-plane-component"] = "identity", ["linkerd.io/control-plane-ns"] = ns };
        var roots = Manifest.Object("v1", "ConfigMap", "linkerd-identity-trust-roots", ns, identityLabels);
        roots["data"] = new JsonObject { ["ca-bundle.crt"] = pki.AnchorPem };
        context.Store.Put(roots);

        var config = Manifest.Object("v1", "ConfigMap", "linkerd-config", ns, new Dictionary<string, string> { ["linkerd.io/control-plane-component"] = "controller", ["linkerd.io/control-plane-ns"] = ns });
        config["data"] = new JsonObject { ["values"] = Values(context, pki) };
        context.Store.Put(config);

        var issuer = Manifest.Object("v1", "Secret", "linkerd-identity-issuer", ns, identityLabels);
        issuer["type"] = "Opaque";
        issuer["data"] = new JsonObject
        {
            ["crt.pem"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(pki.IssuerCertificatePem)),
            ["key.pem"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(pki.IssuerKeyPem)),
        };
        context.Store.Put(issuer);

        var nodes = TwinNodes.From(context.Store);
        foreach (var (component, containers) in Components)
        {
            var name = $"linkerd-{component}";
            var replicas = s.Has("linkerd-control-plane-single-replica") && component == "destination" ? 1 : linkerd.ControlPlaneReplicas;
            var labels = new Dictionary<string, string>
            {
                ["linkerd.io/control-plane-component"] = component,
                ["linkerd.io/control-plane-ns"] = ns,
                ["linkerd.io/workload-ns"] = ns,
                ["linkerd.io/proxy-deployment"] = name,
            };
            context.Store.Put(Manifest.Object("v1", "ServiceAccount", name, ns));
            var (deployment, pods) = MeshedDeployment.Build(new MeshedWorkload(ns, name, replicas, labels, containers, name, linkerd.ControlPlaneToleration), nodes, linkerd.ProxyInitRunAsRoot, context.Time);
            context.Store.Put(deployment);
            foreach (var pod in pods)
            {
                context.Store.Put(pod);
            }
        }

        context.Store.Put(HelmReleaseSecret.Build("linkerd-control-plane", ns, 1, "deployed", "linkerd-control-plane", LinkerdCrdsSeeder.ChartVersion, LinkerdCrdsSeeder.AppVersion, context.Time));
        if (s.Has("linkerd-helm-release-failed"))
        {
            // A failed upgrade leaves revision 1 deployed and revision 2 failed; `helm list` shows the release as failed.
            context.Store.Put(HelmReleaseSecret.Build("linkerd-control-plane", ns, 2, "failed", "linkerd-control-plane", LinkerdCrdsSeeder.ChartVersion, LinkerdCrdsSeeder.AppVersion, context.Time));
        }
    }

    /// <summary>The control-plane components and their main containers (each also runs linkerd-proxy).</summary>
    public static readonly IReadOnlyList<(string Component, IReadOnlyList<(string Name, int Port)> Containers)> Components =
    [
        ("destination", [("destination", 8086), ("sp-validator", 8443), ("policy", 8090)]),
        ("identity", [("identity", 8080)]),
        ("proxy-injector", [("proxy-injector", 8443)]),
    ];

    // linkerd-config's `values` (templates/config.yaml): a copy of the chart's values from which the chart unsets
    // identity.issuer.tls.keyPEM (and the webhooks' keyPEMs); the issuer certificate the seed passed with --set-file stays.
    private static string Values(TwinContext context, LinkerdPki pki)
    {
        var l = context.Profile.Mesh.Linkerd;
        static string Block(string pem, string indent) => string.Join("\n", pem.TrimEnd().Split('\n').Select(line => indent + line));
        var anchor = Block(pki.AnchorPem, "  ");
        var issuer = Block(pki.IssuerCertificatePem, "        ");
        return $"""
            clusterDomain: {l.TrustDomain}
            controllerReplicas: {l.ControlPlaneReplicas}
            enablePodAntiAffinity: true
            enablePodDisruptionBudget: true
            highAvailability: true
            identity:
              externalCA: false
              issuer:
                clockSkewAllowance: 20s
                issuanceLifetime: 24h0m0s
                scheme: linkerd.io/tls
                tls:
                  crtPEM: |
            {issuer}
            identityTrustAnchorsPEM: |
            {anchor}
            identityTrustDomain: {l.TrustDomain}
            proxyInit:
              runAsRoot: {(l.ProxyInitRunAsRoot ? "true" : "false")}
            webhookFailurePolicy: Fail

            """;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
