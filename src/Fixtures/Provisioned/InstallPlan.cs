using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Protocols.GatewayApi;

namespace Deepthought.Fixtures.Provisioned;

public enum StepKind
{
    /// <summary>Write a file the plan needs (kind config, Helm values).</summary>
    WriteFile,

    /// <summary>Download a pinned artifact and check its SHA-256.</summary>
    Fetch,

    /// <summary>Generate the Linkerd trust anchor and issuer as step does.</summary>
    Certificates,

    /// <summary>Take one file out of a pulled chart (values-ha.yaml, as the seed's helm fetch --untar).</summary>
    ExtractFromChart,

    /// <summary>Run a program (kind, kubectl, helm).</summary>
    Command,
}

/// <summary>One step of the install: what it does (for the log), and its program and arguments or file.</summary>
public sealed record InstallStep(string Id, StepKind Kind, string Description)
{
    public string Program { get; init; } = "";

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public PinnedArtifact? Artifact { get; init; }

    /// <summary>WriteFile: the path and content; ExtractFromChart: the path written.</summary>
    public string? Path { get; init; }

    public string? Content { get; init; }

    /// <summary>ExtractFromChart: the file inside the chart (relative to the chart folder).</summary>
    public string? EntryInChart { get; init; }

    public override string ToString() => Kind == StepKind.Command ? $"{Id}: {Program} {string.Join(' ', Arguments)}" : $"{Id}: {Description}";
}

/// <summary>Where the provisioned target works and what it calls its cluster.</summary>
public sealed record ProvisionOptions(string WorkDirectory)
{
    /// <summary>The profile's cluster name; kind names the nodes &lt;name&gt;-control-plane, &lt;name&gt;-worker, &lt;name&gt;-worker2.</summary>
    public string ClusterName { get; init; } = "deepthought";

    public int Workers { get; init; } = 2;

    public string NodeImage { get; init; } = PinnedArtifacts.KindNodeImage;

    /// <summary>Install artifacts that have no recorded SHA-256 (their SHA-256 is printed for recording).</summary>
    public bool AllowUnverified { get; init; }

    public string Kubeconfig => System.IO.Path.Combine(WorkDirectory, "kubeconfig");

    public string ArtifactDirectory => System.IO.Path.Combine(WorkDirectory, "artifacts");

    public string CertificateDirectory => System.IO.Path.Combine(WorkDirectory, "certs");

    public string ArtifactPath(PinnedArtifact artifact) => System.IO.Path.Combine(ArtifactDirectory, artifact.FileName);

    public string ControlPlaneNode => $"{ClusterName}-control-plane";

    public IEnumerable<string> WorkerNodes => Enumerable.Range(1, Workers).Select(i => i == 1 ? $"{ClusterName}-worker" : $"{ClusterName}-worker{i}");
}

/// <summary>
/// The provisioned target's install, as data: what the seed installs that can run in kind, in the seed's order, from
/// the pinned artifacts. Talos and Rook-Ceph are not installed (kind has no Talos API and no spare disks); the profile
/// the target writes skips those phases with that reason.
/// </summary>
public static class InstallPlan
{
    /// <summary>The emojivoto deployments the seed meshes with linkerd inject (the manifest's four).</summary>
    public static readonly IReadOnlyList<string> EmojivotoDeployments = ["emoji", "vote-bot", "voting", "web"];

    /// <summary>Refuses artifacts without a recorded SHA-256 unless <see cref="ProvisionOptions.AllowUnverified"/> says so.</summary>
    public static void RequireVerified(IEnumerable<PinnedArtifact> artifacts, bool allowUnverified)
    {
        var unverified = artifacts.Where(a => !a.Verified).ToList();
        if (unverified.Count == 0 || allowUnverified)
        {
            return;
        }

        throw new ConfigurationException(
            $"DEEPTHOUGHT_TARGET=provisioned: {unverified.Count} pinned artifact(s) have no recorded SHA-256 " +
            $"({string.Join(", ", unverified.Select(a => $"{a.Name} {a.Version}"))}) — record each one's SHA-256 in " +
            $"src/Fixtures/Provisioned/PinnedArtifacts.cs, or set {Deepthought.Fixtures.Runs.RunSettingNames.AllowUnverifiedArtifacts}=1 to install them unverified " +
            "(the run then prints each one's SHA-256 for recording)");
    }

    public static IReadOnlyList<InstallStep> Create(ProvisionOptions o, IReadOnlyList<PinnedArtifact>? artifacts = null)
    {
        artifacts ??= PinnedArtifacts.All;
        var kube = new[] { "--kubeconfig", o.Kubeconfig };
        string Art(PinnedArtifact a) => o.ArtifactPath(a);
        var certs = o.CertificateDirectory;
        var valuesHa = System.IO.Path.Combine(o.WorkDirectory, "linkerd-values-ha.yaml");
        var toleration = System.IO.Path.Combine(o.WorkDirectory, "linkerd-control-plane-toleration.yaml");
        InstallStep Kubectl(string id, string description, TimeSpan timeout, params string[] args) =>
            new(id, StepKind.Command, description) { Program = "kubectl", Arguments = [.. kube, .. args], Timeout = timeout };
        InstallStep Helm(string id, string description, TimeSpan timeout, params string[] args) =>
            new(id, StepKind.Command, description) { Program = "helm", Arguments = [.. args, .. kube, "--wait", "--timeout", $"{(int)(timeout.TotalSeconds - 30)}s"], Timeout = timeout };

        var steps = new List<InstallStep>
        {
            new("kind-config", StepKind.WriteFile, $"kind cluster config: one control plane and {o.Workers} workers (the seed's three nodes)")
            {
                Path = System.IO.Path.Combine(o.WorkDirectory, "kind-config.yaml"),
                Content = KindConfig(o.Workers),
            },
            new("linkerd-toleration", StepKind.WriteFile, "the control-plane NoSchedule toleration the seed adds to the Linkerd control plane")
            {
                Path = toleration,
                Content = "tolerations:\n  - key: node-role.kubernetes.io/control-plane\n    operator: Exists\n    effect: NoSchedule\n",
            },
        };
        steps.AddRange(artifacts.Select(a => new InstallStep($"fetch-{a.Name}", StepKind.Fetch, $"fetch {a.Name} {a.Version} and check its SHA-256") { Artifact = a, Timeout = TimeSpan.FromMinutes(3) }));
        steps.AddRange(
        [
            new("kind-create", StepKind.Command, $"a throwaway kind cluster '{o.ClusterName}' on {o.NodeImage}")
            {
                Program = "kind",
                Arguments = ["create", "cluster", "--name", o.ClusterName, "--image", o.NodeImage, "--config", System.IO.Path.Combine(o.WorkDirectory, "kind-config.yaml"), "--kubeconfig", o.Kubeconfig, "--wait", "300s"],
                Timeout = TimeSpan.FromMinutes(8),
            },
            // The seed ends by removing the control plane's NoSchedule taint; kind keeps kubeadm's taint when there are workers.
            Kubectl("untaint-control-plane", "remove the control plane's NoSchedule taint, as the seed's end note does", TimeSpan.FromMinutes(1),
                "taint", "node", o.ControlPlaneNode, "node-role.kubernetes.io/control-plane:NoSchedule-"),
            Kubectl("gateway-api", "Gateway API v1.2.1 standard CRDs", TimeSpan.FromMinutes(2), "apply", "-f", Art(PinnedArtifacts.GatewayApi)),
            Helm("linkerd-crds", "Linkerd CRDs without the Gateway API", TimeSpan.FromMinutes(5),
                "install", "linkerd-crds", Art(PinnedArtifacts.LinkerdCrds), "-n", "linkerd", "--create-namespace", "--set", "installGatewayAPI=false"),
            Kubectl("linkerd-privileged", "label namespace linkerd enforce=privileged", TimeSpan.FromMinutes(1),
                "label", "namespace", "linkerd", "pod-security.kubernetes.io/enforce=privileged"),
            new("certificates", StepKind.Certificates, "trust anchor root.linkerd.cluster.local and issuer identity.linkerd.cluster.local, as step --profile root-ca / intermediate-ca")
            {
                Path = certs,
            },
            new("values-ha", StepKind.ExtractFromChart, "values-ha.yaml from the pulled linkerd-control-plane chart")
            {
                Artifact = PinnedArtifacts.LinkerdControlPlane,
                EntryInChart = "values-ha.yaml",
                Path = valuesHa,
            },
            Helm("linkerd-control-plane", "Linkerd control plane, HA values, the generated anchor and issuer, proxyInit as root", TimeSpan.FromMinutes(10),
                "install", "linkerd-control-plane", Art(PinnedArtifacts.LinkerdControlPlane), "-n", "linkerd",
                "--set-file", $"identityTrustAnchorsPEM={System.IO.Path.Combine(certs, "ca.crt")}",
                "--set-file", $"identity.issuer.tls.crtPEM={System.IO.Path.Combine(certs, "issuer.crt")}",
                "--set-file", $"identity.issuer.tls.keyPEM={System.IO.Path.Combine(certs, "issuer.key")}",
                "--set", "proxyInit.runAsRoot=true", "-f", valuesHa, "-f", toleration),
            Helm("linkerd-viz", "linkerd-viz in namespace linkerd-viz", TimeSpan.FromMinutes(8),
                "install", "linkerd-viz", Art(PinnedArtifacts.LinkerdViz), "--namespace", "linkerd-viz", "--create-namespace"),
            Kubectl("linkerd-restart", "restart the Linkerd deployments so their sidecars are injected", TimeSpan.FromMinutes(1),
                "rollout", "restart", "deploy", "-n", "linkerd"),
            Kubectl("linkerd-restarted", "wait for the restarted Linkerd deployments", TimeSpan.FromMinutes(6),
                "rollout", "status", "deploy", "-n", "linkerd", "--timeout", "330s"),
            Kubectl("emojivoto", "the emojivoto demo", TimeSpan.FromMinutes(2), "apply", "-f", Art(PinnedArtifacts.Emojivoto)),
            Kubectl("emojivoto-privileged", "label namespace emojivoto enforce=privileged (\"you may need to\")", TimeSpan.FromMinutes(1),
                "label", "namespace", "emojivoto", "pod-security.kubernetes.io/enforce=privileged"),
        ]);
        // linkerd inject only adds the linkerd.io/inject: enabled annotation to each pod template (the seed says so).
        steps.AddRange(EmojivotoDeployments.Select(d => Kubectl($"inject-{d}", $"mesh deployment {d} (pod template annotation linkerd.io/inject: enabled)", TimeSpan.FromMinutes(1),
            "-n", "emojivoto", "patch", "deployment", d, "--type", "merge", "-p", "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"linkerd.io/inject\":\"enabled\"}}}}}")));
        steps.AddRange(
        [
            Kubectl("emojivoto-ready", "wait for the meshed emojivoto deployments", TimeSpan.FromMinutes(6),
                "rollout", "status", "deploy", "-n", "emojivoto", "--timeout", "330s"),
            Helm("contour", "bitnami/contour in namespace projectcontour", TimeSpan.FromMinutes(8),
                "install", "contour", Art(PinnedArtifacts.BitnamiContour), "--namespace", "projectcontour", "--create-namespace"),
            Kubectl("contour-provisioner", $"Contour's Gateway provisioner of {PinnedArtifacts.ContourTag}", TimeSpan.FromMinutes(2),
                "apply", "-f", Art(PinnedArtifacts.ContourProvisioner)),
            Kubectl("contour-provisioner-ready", "wait for the Gateway provisioner", TimeSpan.FromMinutes(6),
                "-n", "projectcontour", "rollout", "status", "deployment/contour-gateway-provisioner", "--timeout", "330s"),
        ]);
        return steps;
    }

    /// <summary>The step that deletes the cluster; run after success, failure or cancellation alike.</summary>
    public static InstallStep Delete(ProvisionOptions o) =>
        new("kind-delete", StepKind.Command, $"delete the kind cluster '{o.ClusterName}'")
        {
            Program = "kind",
            Arguments = ["delete", "cluster", "--name", o.ClusterName, "--kubeconfig", o.Kubeconfig],
            Timeout = TimeSpan.FromMinutes(3),
        };

    internal static string KindConfig(int workers) =>
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n" +
        string.Concat(Enumerable.Repeat("  - role: worker\n", workers));
}
