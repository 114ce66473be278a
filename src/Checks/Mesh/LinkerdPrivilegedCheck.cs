using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Mesh;

public sealed class LinkerdPrivilegedCheck : NamespacePrivilegedCheck
{
    protected override string Namespace => "linkerd";

    public override string Id => MeshCheckIds.LinkerdPrivileged;

    public override Phase Phase => Phase.Mesh;

    public override IReadOnlyList<string> FailingScenarios => ["linkerd-not-privileged"];
}
