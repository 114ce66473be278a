using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Storage;

public sealed class RookCephPrivilegedCheck : NamespacePrivilegedCheck
{
    protected override string Namespace => "rook-ceph";

    public override string Id => StorageCheckIds.RookCephPrivileged;

    public override Phase Phase => Phase.Storage;

    public override IReadOnlyList<string> FailingScenarios => ["rook-ceph-not-privileged"];
}
