namespace Deepthought.Protocols.Profile;

// The profile: what the cluster should be. Keys are camelCase like Kubernetes manifests; every type is
// validated on load by ProfileLoader (unknown keys, wrong types and missing values are errors with file:line:col).

/// <summary>Root of a profile file (profiles/*.yaml).</summary>
public sealed class ClusterProfile
{
    public required string Name { get; init; }

    public required KubernetesProfile Kubernetes { get; init; }

    public NetworkProfile Network { get; init; } = new();

    public required TalosProfile Talos { get; init; }

    public required List<NodeProfile> Nodes { get; init; }

    public EtcdProfile Etcd { get; init; } = new();

    public PodSecurityProfile PodSecurity { get; init; } = new();

    public StorageProfile Storage { get; init; } = new();

    public MeshProfile Mesh { get; init; } = new();

    public GatewayProfile Gateway { get; init; } = new();

    public PolicyProfile Policy { get; init; } = new();

    /// <summary>The file this profile was loaded from (set by the loader; not a YAML key).</summary>
    [ProfileIgnore]
    public string SourcePath { get; set; } = "";

    public IEnumerable<NodeProfile> ControlPlanes => Nodes.Where(n => n.Role == NodeRole.ControlPlane);

    public IEnumerable<NodeProfile> EtcdMembers => Nodes.Where(n => n.Role == NodeRole.ControlPlane && n.Etcd);
}

public sealed class KubernetesProfile
{
    /// <summary>The API server URL the seed generated the config for (<c>talosctl gen config deepthought https://…:6443</c>).</summary>
    public required string Endpoint { get; init; }

    /// <summary>The kubeconfig context <c>talosctl kubeconfig</c> creates: <c>admin@&lt;cluster&gt;</c>.</summary>
    public string Context { get; init; } = "";

    /// <summary>The Kubernetes version the nodes' kubelets report (empty: not checked).</summary>
    public string Version { get; init; } = "";
}

public sealed class NetworkProfile
{
    public string GatewayRouter { get; init; } = "";
}

public sealed class TalosProfile
{
    public required string Version { get; init; }

    public int ApiPort { get; init; } = 50000;

    /// <summary>Warn when the talosconfig client certificate or CA expires within this many days.</summary>
    public int CertificateExpiryWarningDays { get; init; } = 30;

    /// <summary>Services every node runs; control planes run <see cref="ControlPlaneServices"/> in addition.</summary>
    public List<string> Services { get; init; } = ["apid", "machined", "kubelet", "containerd"];

    public List<string> ControlPlaneServices { get; init; } = ["trustd", "etcd"];
}

public enum NodeRole
{
    ControlPlane,
    Worker,
}

public sealed class NodeProfile
{
    public required string Name { get; init; }

    public required string Ip { get; init; }

    public required NodeRole Role { get; init; }

    /// <summary>Runs an etcd member (control planes).</summary>
    public bool Etcd { get; init; }

    /// <summary>Workloads may be scheduled here (no NoSchedule taint).</summary>
    public bool Schedulable { get; init; } = true;

    public required NodeDisks Disks { get; init; }
}

public sealed class NodeDisks
{
    public required DiskProfile Os { get; init; }

    public required List<DiskProfile> Data { get; init; }
}

public sealed class DiskProfile
{
    /// <summary>Device name as Talos reports it (<c>talosctl get disks</c>), e.g. <c>sda</c>.</summary>
    public required string Device { get; init; }

    /// <summary>Smallest acceptable size in GB (10^9 bytes), 0 for any.</summary>
    public double MinSizeGb { get; init; }

    /// <summary>Largest acceptable size in GB, 0 for any.</summary>
    public double MaxSizeGb { get; init; }
}

public sealed class EtcdProfile
{
    /// <summary>Fail when the DB size exceeds this share of the backend quota.</summary>
    public int MaxDbPercentOfQuota { get; init; } = 80;

    /// <summary>The backend quota (etcd's default is 2 GiB).</summary>
    public long QuotaBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The number of members the seed plans (three control planes): fewer tolerates no failure and warns.</summary>
    public int PlannedMembers { get; init; } = 3;
}

public sealed class PodSecurityProfile
{
    public List<string> PrivilegedNamespaces { get; init; } = [];
}
