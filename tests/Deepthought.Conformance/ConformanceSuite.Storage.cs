namespace Deepthought.Conformance;

public sealed partial class ConformanceSuite
{
    [SkippableFact, Trait("Phase", "Storage"), Trait("Check", "storage.rook-ceph-privileged")]
    public Task RookCephPrivileged() => Verify("storage.rook-ceph-privileged");
}
