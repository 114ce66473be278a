using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Storage;

/// <summary>
/// Helm releases are deployed: the newest revision of each (what <c>helm list</c> shows) has status deployed. Reads
/// only the release Secrets' labels in the checked namespace (<see cref="HelmReleasesSource"/>); skipped with the reason
/// when the identity may not list Secrets there (auditor-no-secrets.yaml).
/// </summary>
public abstract class HelmReleasesDeployedCheck : CheckBase
{
    protected abstract string Namespace(CheckContext context);

    protected abstract IReadOnlyList<string> Releases(CheckContext context);

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var ns = Namespace(context);
        var releases = await (await context.ObserveAsync<HelmReleasesSource>(cancellationToken)).ReadAsync(ns, cancellationToken);
        if (releases.SkipIfForbidden(ns) is { } skip)
        {
            return skip;
        }

        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var name in Releases(context))
        {
            var subject = $"Helm release {name} in {ns}";
            var latest = releases.Latest(ns, name);
            if (latest is null)
            {
                findings.Add(new Evidence(subject, "deployed", "not installed"));
                continue;
            }

            var seen = $"{latest.Status} (revision {latest.Revision})";
            observed.Add(new Evidence(subject, "deployed", seen));
            if (latest.Status != "deployed")
            {
                findings.Add(new Evidence(subject, "deployed", seen));
            }
        }

        return Verdict.FromFindings(findings, $"{string.Join(" and ", Releases(context))} are deployed in {ns}", observed);
    }
}

/// <summary>The seed installs Rook with two charts: rook-ceph (the operator) and rook-ceph-cluster (the CephCluster).</summary>
public sealed class RookHelmReleasesCheck : HelmReleasesDeployedCheck
{
    public override string Id => StorageCheckIds.HelmReleases;

    public override Phase Phase => Phase.Storage;

    public override string Title => "the rook-ceph and rook-ceph-cluster Helm releases are deployed";

    public override string Hint => "helm -n rook-ceph list; helm -n rook-ceph history rook-ceph-cluster";

    public override IReadOnlyList<string> FailingScenarios => ["rook-helm-release-failed"];

    protected override string Namespace(CheckContext context) => context.Profile.Storage.Namespace;

    protected override IReadOnlyList<string> Releases(CheckContext context) => context.Profile.Storage.HelmReleases;

    public override ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken) =>
        context.Profile.Storage.Enabled ? base.EvaluateAsync(context, cancellationToken) : ValueTask.FromResult(Verdict.Skip("storage is disabled in the profile"));
}
