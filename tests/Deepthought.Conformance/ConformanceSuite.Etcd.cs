namespace Deepthought.Conformance;

public sealed partial class ConformanceSuite
{
    [SkippableFact, Trait("Phase", "Etcd"), Trait("Check", "etcd.members")]
    public Task EtcdMembers() => Verify("etcd.members");

    [SkippableFact, Trait("Phase", "Etcd"), Trait("Check", "etcd.member-health")]
    public Task EtcdMemberHealth() => Verify("etcd.member-health");

    [SkippableFact, Trait("Phase", "Etcd"), Trait("Check", "etcd.alarms")]
    public Task EtcdAlarms() => Verify("etcd.alarms");

    [SkippableFact, Trait("Phase", "Etcd"), Trait("Check", "etcd.db-size")]
    public Task EtcdDbSize() => Verify("etcd.db-size");

    [SkippableFact, Trait("Phase", "Etcd"), Trait("Check", "etcd.fault-tolerance")]
    public Task EtcdFaultTolerance() => Verify("etcd.fault-tolerance");
}
