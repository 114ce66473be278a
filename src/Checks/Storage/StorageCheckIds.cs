using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Storage;

/// <summary>The ids of the Storage phase's checks: the one place they are spelled (checks, dependencies, tests).</summary>
public static class StorageCheckIds
{
    public const string CephclusterDeviceSelection = "storage.cephcluster-device-selection";
    public const string CephclusterHealthy = "storage.cephcluster-healthy";
    public const string CsiNodepluginsReady = "storage.csi-nodeplugins-ready";
    public const string DataDisksClean = "storage.data-disks-clean";
    public const string HelmReleases = "storage.helm-releases";
    public const string LiveHealthAgrees = "storage.live-health-agrees";
    public const string MonQuorum = "storage.mon-quorum";
    public const string NodeDisks = "storage.node-disks";
    public const string OsdsUpIn = "storage.osds-up-in";
    public const string RookCephPrivileged = "storage.rook-ceph-privileged";
    public const string RookOperatorAvailable = "storage.rook-operator-available";
}
