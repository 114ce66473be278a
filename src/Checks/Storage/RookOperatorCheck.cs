using Deepthought.Checks.Model;

namespace Deepthought.Checks.Storage;

/// <summary>The rook-ceph chart's operator Deployment is available (it reconciles the CephCluster and keeps its status).</summary>
public sealed class RookOperatorCheck : StorageCheck
{
    public override string Id => StorageCheckIds.RookOperatorAvailable;

    public override string Title => "the rook-ceph-operator Deployment is available";

    public override string Hint => "kubectl -n rook-ceph get deploy rook-ceph-operator; kubectl -n rook-ceph logs deploy/rook-ceph-operator --tail=50";

    public override IReadOnlyList<string> FailingScenarios => ["rook-operator-unavailable"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var ns = context.Profile.Storage.Namespace;
        var subject = $"deployment {ns}/rook-ceph-operator";
        var all = (await context.ObserveAsync<RookOperatorObservation>(cancellationToken)).Items;
        var deployment = all.FirstOrDefault(d => d.Metadata.NamespaceProperty == ns);
        if (deployment is null)
        {
            var elsewhere = all.Select(d => d.Metadata.NamespaceProperty).ToList();
            var seen = elsewhere.Count == 0 ? "no rook-ceph-operator deployment" : $"only in {string.Join(", ", elsewhere)}";
            return Verdict.Fail($"{subject}: expected to exist and be available, got {seen}", new Evidence(subject, "available", seen));
        }

        var want = deployment.Spec?.Replicas ?? 1;
        var available = deployment.Status?.AvailableReplicas ?? 0;
        var condition = deployment.Status?.Conditions?.FirstOrDefault(c => c.Type == "Available");
        var state = $"{available}/{want} available" + (condition is null ? ", no Available condition" : $", Available={condition.Status}" + (condition.Status == "True" ? "" : $" ({condition.Reason})"));
        var evidence = new Evidence(subject, $"{want}/{want} available, Available=True", state);
        return available >= want && want > 0 && condition?.Status == "True"
            ? Verdict.Pass($"the Rook operator is available ({available}/{want})", evidence)
            : Verdict.Fail(evidence.ToString(), evidence);
    }
}
