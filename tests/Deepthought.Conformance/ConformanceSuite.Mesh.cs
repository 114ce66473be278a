namespace Deepthought.Conformance;

public sealed partial class ConformanceSuite
{
    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.linkerd-privileged")]
    public Task LinkerdPrivileged() => Verify("mesh.linkerd-privileged");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.emojivoto-privileged")]
    public Task EmojivotoPrivileged() => Verify("mesh.emojivoto-privileged");
}
