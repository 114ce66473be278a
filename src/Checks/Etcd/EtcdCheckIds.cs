namespace Deepthought.Checks.Etcd;

/// <summary>The ids of the Etcd phase's checks: the one place they are spelled (checks, dependencies, tests).</summary>
public static class EtcdCheckIds
{
    public const string Alarms = "etcd.alarms";
    public const string DbSize = "etcd.db-size";
    public const string FaultTolerance = "etcd.fault-tolerance";
    public const string MemberHealth = "etcd.member-health";
    public const string Members = "etcd.members";
}
