namespace Deepthought.Conformance;

public sealed partial class ConformanceSuite
{
    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.rook-ceph-privileged")]
    public Task RookCephPrivileged() => Verify("storage.rook-ceph-privileged");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.node-disks")]
    public Task NodeDisks() => Verify("storage.node-disks");

    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.data-disks-clean")]
    public Task DataDisksClean() => Verify("storage.data-disks-clean");
}
