using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Storage;

/// <summary>Base of the Storage phase's checks: skipped when the profile disables storage; needs the Kubernetes API.</summary>
public abstract class StorageCheck : CheckBase
{
    public override Phase Phase => Phase.Storage;

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public sealed override ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken) =>
        context.Profile.Storage.Enabled ? JudgeAsync(context, cancellationToken) : ValueTask.FromResult(Verdict.Skip("storage is disabled in the profile (storage.enabled: false)"));

    protected abstract ValueTask<Verdict> JudgeAsync(CheckContext context, CancellationToken cancellationToken);
}
