using Deepthought.Protocols.GatewayApi;

namespace Deepthought.Protocols.Profile;

// Sections for the later phases. Each has defaults matching the seed, so a profile may omit them.

public enum StorageState
{
    /// <summary>Rook and Ceph are deployed: data disks are blank or hold this cluster's OSDs.</summary>
    Deployed,

    /// <summary>Before Rook: data disks must be blank.</summary>
    PreRook,
}

public sealed class StorageProfile
{
    public bool Enabled { get; init; } = true;

    public StorageState State { get; init; } = StorageState.Deployed;

    public string Namespace { get; init; } = "rook-ceph";

    public string CephCluster { get; init; } = "rook-ceph";

    public List<string> HelmReleases { get; init; } = ["rook-ceph", "rook-ceph-cluster"];

    /// <summary>Seconds, beyond the CephCluster's own status interval (60 s by default), that its <c>status.ceph</c> may
    /// lag the live mgr health: the time <c>ceph status</c> takes (Rook's Ceph commands time out after 15 s), lastChecked's
    /// whole seconds and clock skew.</summary>
    public int StatusMarginSeconds { get; init; } = 30;

    public CsiProfile Csi { get; init; } = new();
}

/// <summary>
/// The Ceph CSI node plugin DaemonSets Rook runs in <see cref="StorageProfile.Namespace"/>. Empty names mean the
/// ceph-csi-operator's names (Rook 1.18 and later): <c>&lt;namespace&gt;.rbd.csi.ceph.com-nodeplugin</c> and
/// <c>&lt;namespace&gt;.cephfs.csi.ceph.com-nodeplugin</c>; Rook's legacy CSI mode used <c>csi-rbdplugin</c> and
/// <c>csi-cephfsplugin</c>.
/// </summary>
public sealed class CsiProfile
{
    public string RbdNodePlugin { get; init; } = "";

    public string CephFsNodePlugin { get; init; } = "";

    /// <summary>The rook-ceph chart's <c>csi.enableCephfsDriver</c> (default true): false means no CephFS node plugin.</summary>
    public bool CephFs { get; init; } = true;

    public string RbdDaemonSet(string ns) => RbdNodePlugin.Length > 0 ? RbdNodePlugin : $"{ns}.rbd.csi.ceph.com-nodeplugin";

    public string CephFsDaemonSet(string ns) => CephFsNodePlugin.Length > 0 ? CephFsNodePlugin : $"{ns}.cephfs.csi.ceph.com-nodeplugin";
}

public sealed class MeshProfile
{
    public bool Enabled { get; init; } = true;

    public GatewayApiProfile GatewayApi { get; init; } = new();

    public LinkerdProfile Linkerd { get; init; } = new();

    public List<string> MeshedNamespaces { get; init; } = ["emojivoto"];

    /// <summary>Meshed edges that must carry mTLS traffic: client deployment → server deployment.</summary>
    public List<MeshEdge> Edges { get; init; } =
    [
        new() { From = "web", To = "voting" },
        new() { From = "web", To = "emoji" },
    ];
}

public sealed class MeshEdge
{
    public required string From { get; init; }

    public required string To { get; init; }

    public string Namespace { get; init; } = "emojivoto";
}

/// <summary>
/// The Gateway API CRDs the cluster should hold. The seed applies standard-install.yaml v1.2.1 and then Contour's
/// contour-gateway-provisioner.yaml, whose experimental bundle (v1.2.1 in Contour 1.31/1.32) overwrites the five
/// standard CRDs and adds the experimental kinds: the defaults are what that last apply leaves.
/// </summary>
public sealed class GatewayApiProfile
{
    public string BundleVersion { get; init; } = "v1.2.1";

    public string Channel { get; init; } = "experimental";

    /// <summary>CRDs of gateway.networking.k8s.io besides the five standard ones (plural names) the cluster should hold; any other fails.</summary>
    public List<string> ExtraCrds { get; init; } = ["backendlbpolicies", "backendtlspolicies", "tcproutes", "tlsroutes", "udproutes"];
}

public sealed class LinkerdProfile
{
    public string Namespace { get; init; } = "linkerd";

    public string VizNamespace { get; init; } = "linkerd-viz";

    public string TrustDomain { get; init; } = "cluster.local";

    public int ControlPlaneReplicas { get; init; } = 3;

    /// <summary>
    /// True (the seed): Linkerd's controllers carry a node-role.kubernetes.io/control-plane:NoSchedule toleration, which
    /// values-ha.yaml does not add. False: the control plane is schedulable (untainted) and no toleration is required.
    /// </summary>
    public bool ControlPlaneToleration { get; init; } = true;

    public List<string> HelmReleases { get; init; } = ["linkerd-crds", "linkerd-control-plane"];

    public string VizHelmRelease { get; init; } = "linkerd-viz";

    public TrustAnchorProfile TrustAnchor { get; init; } = new();

    public string IssuerName { get; init; } = "identity.linkerd.cluster.local";

    /// <summary>Warn when the anchor or issuer expires within this many days (linkerd check uses 60).</summary>
    public int ExpiryWarningDays { get; init; } = 60;

    public bool ProxyInitRunAsRoot { get; init; } = true;
}

public sealed class TrustAnchorProfile
{
    public string CommonName { get; init; } = "root.linkerd.cluster.local";

    /// <summary>SHA-256 fingerprint of the anchor (hex, colons optional); empty: check the name only.</summary>
    public string FingerprintSha256 { get; init; } = "";

    /// <summary>Path of the anchor PEM (relative to the profile); empty: use the fingerprint.</summary>
    public string PemFile { get; init; } = "";
}

public sealed class GatewayProfile
{
    public bool Enabled { get; init; } = true;

    public string ContourNamespace { get; init; } = "projectcontour";

    public string HelmRelease { get; init; } = "contour";

    public string GatewayClass { get; init; } = "contour";

    /// <summary>
    /// The project's Gateway. Not "contour": the provisioner names its objects contour-&lt;gateway&gt; and
    /// envoy-&lt;gateway&gt;, and the bitnami release contour already owns Deployment contour-contour.
    /// </summary>
    public string GatewayName { get; init; } = "deepthought";

    public string GatewayNamespace { get; init; } = "projectcontour";

    public string RouteName { get; init; } = "emojivoto";

    public string RouteNamespace { get; init; } = "emojivoto";

    public string Hostname { get; init; } = "emojivoto.deepthought.local";

    public string Path { get; init; } = "/";

    /// <summary>
    /// Deployments in <see cref="ContourNamespace"/> that must be available: the bitnami release's Contour
    /// (&lt;fullname&gt;-contour, so contour-contour for release contour) and the Gateway provisioner.
    /// </summary>
    public List<string> Deployments { get; init; } = ["contour-contour", "contour-gateway-provisioner"];

    /// <summary>Envoy's Service (the provisioner names it envoy-&lt;gateway&gt;, the default); its external address is the Gateway's.</summary>
    public string EnvoyService
    {
        get => _envoyService ?? $"envoy-{GatewayName}";
        init => _envoyService = value;
    }

    private readonly string? _envoyService;
}

public enum PolicyForm
{
    ServerAuthorization,
    AuthorizationPolicy,
}

public sealed class PolicyProfile
{
    public bool Enabled { get; init; } = true;

    public PolicyForm Form { get; init; } = PolicyForm.ServerAuthorization;

    public string Namespace { get; init; } = "emojivoto";

    public string ServerName { get; init; } = "voting-grpc";

    public string AuthorizationName { get; init; } = "voting-grpc";

    public string Port { get; init; } = "grpc";

    public List<string> AllowedServiceAccounts { get; init; } = ["web"];

    /// <summary>Seconds to wait for a policy change to take effect in the proxies.</summary>
    public int PropagationBudgetSeconds { get; init; } = 30;

    /// <summary>
    /// Image of the foreign probe pod (acceptance): emojivoto's web image, the one the cluster's web pods already run
    /// (emojivoto.yml v11), so nothing new is pulled. A mirror of it for air-gapped clusters is fine.
    /// </summary>
    public string ProbeImage { get; init; } = "docker.l5d.io/buoyantio/emojivoto-web:v11";

    /// <summary>Seconds the foreign-identity probe pod may take to be scheduled, pull its image, start and answer the vote.</summary>
    public int ProbePodBudgetSeconds { get; init; } = 90;

    /// <summary>The probe container's command (empty: the image's entrypoint, web's server reading WEB_PORT, EMOJISVC_HOST, VOTINGSVC_HOST).</summary>
    public List<string> ProbeCommand { get; init; } = [];
}
