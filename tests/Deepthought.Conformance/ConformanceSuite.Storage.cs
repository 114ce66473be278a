using Deepthought.Protocols.Profile;

namespace Deepthought.Conformance;

public sealed partial class ConformanceSuite
{
    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.rook-ceph-privileged")]
    public Task RookCephPrivileged() => Verify("storage.rook-ceph-privileged");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.node-disks")]
    public Task NodeDisks() => Verify("storage.node-disks");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.data-disks-clean")]
    public Task DataDisksClean() => Verify("storage.data-disks-clean");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.helm-releases")]
    public Task RookHelmReleases() => Verify("storage.helm-releases");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.rook-operator-available")]
    public Task RookOperatorAvailable() => Verify("storage.rook-operator-available");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.cephcluster-device-selection")]
    public Task CephClusterDeviceSelection() => Verify("storage.cephcluster-device-selection");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.cephcluster-healthy")]
    public Task CephClusterHealthy() => Verify("storage.cephcluster-healthy");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.osds-up-in")]
    public Task OsdsUpIn() => Verify("storage.osds-up-in");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.mon-quorum")]
    public Task MonQuorum() => Verify("storage.mon-quorum");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.csi-nodeplugins-ready")]
    public Task CsiNodePluginsReady() => Verify("storage.csi-nodeplugins-ready");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.live-health-agrees")]
    public Task LiveHealthAgrees() => Verify("storage.live-health-agrees");
}
