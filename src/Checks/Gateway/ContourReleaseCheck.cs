using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Gateway;

/// <summary>
/// The seed installs Contour with Helm (bitnami/contour) as release contour in projectcontour. Skipped, with the
/// reason, when the identity may not list Secrets there (auditor-no-secrets.yaml).
/// </summary>
public sealed class ContourReleaseCheck : GatewayCheck
{
    public override string Id => GatewayCheckIds.Release;

    public override string Title => "the contour Helm release is deployed in projectcontour";

    public override string Hint => "helm -n projectcontour history contour; helm install contour bitnami/contour --namespace projectcontour --create-namespace";

    public override IReadOnlyList<string> FailingScenarios => ["contour-release-failed"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken)
    {
        var releases = await (await context.ObserveAsync<HelmReleasesSource>(cancellationToken)).ReadAsync(gateway.ContourNamespace, cancellationToken);
        if (releases.SkipIfForbidden(gateway.ContourNamespace) is { } skip)
        {
            return skip;
        }

        var subject = $"Helm release {gateway.ContourNamespace}/{gateway.HelmRelease}";
        var release = releases.Find(gateway.ContourNamespace, gateway.HelmRelease);
        if (release is null)
        {
            var observed = "no such release (no Secret labelled owner=helm,name=" + gateway.HelmRelease + " in " + gateway.ContourNamespace + ")";
            return Verdict.Fail($"{subject}: expected status deployed, got {observed}", new Evidence(subject, "status deployed", observed));
        }

        var evidence = new Evidence(subject, "status deployed", $"status {release.Status}, revision {release.Revision}");
        return release.Status == "deployed"
            ? Verdict.Pass($"{subject} is deployed (revision {release.Revision})", evidence)
            : Verdict.Fail($"{subject}: expected status deployed, got {release.Status} (revision {release.Revision})", evidence);
    }
}
