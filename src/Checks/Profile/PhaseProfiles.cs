namespace Deepthought.Checks.Profile;

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

    /// <summary>Seconds the CephCluster CR may lag the live mgr health (Rook polls every 60 s).</summary>
    public int StatusLagSeconds { get; init; } = 60;
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

public sealed class GatewayApiProfile
{
    public string BundleVersion { get; init; } = "v1.2.1";

    public string Channel { get; init; } = "standard";
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

    public string GatewayName { get; init; } = "contour";

    public string GatewayNamespace { get; init; } = "projectcontour";

    public string RouteName { get; init; } = "emojivoto";

    public string RouteNamespace { get; init; } = "emojivoto";

    public string Hostname { get; init; } = "emojivoto.deepthought.local";

    public string Path { get; init; } = "/";

    /// <summary>Deployments in <see cref="ContourNamespace"/> that must be available: Contour and its Gateway provisioner.</summary>
    public List<string> Deployments { get; init; } = ["contour", "contour-gateway-provisioner"];

    /// <summary>Envoy's Service (the provisioner names it envoy-&lt;gateway&gt;); its external address is the Gateway's.</summary>
    public string EnvoyService { get; init; } = "envoy-contour";
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
