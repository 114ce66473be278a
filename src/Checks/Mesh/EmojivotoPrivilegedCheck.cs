using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Mesh;

public sealed class EmojivotoPrivilegedCheck : NamespacePrivilegedCheck
{
    protected override string Namespace => "emojivoto";

    public override string Id => MeshCheckIds.EmojivotoPrivileged;

    public override Phase Phase => Phase.Mesh;

    public override IReadOnlyList<string> FailingScenarios => ["emojivoto-not-privileged"];
}
