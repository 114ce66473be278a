using Deepthought.Checks.Model;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Policy;

/// <summary>
/// The seed: "Requests from other pods will be rejected". A long-lived meshed probe pod runs emojivoto's own web image
/// as another service account (conformance-probe, in the harness's namespace); the harness asks it to vote
/// (GET /api/vote?choice=:dog: through the API server's pods/proxy). Its gRPC call to voting carries the foreign
/// identity, so Linkerd must refuse it: web answers 500 with "rpc error: code = PermissionDenied".
/// </summary>
public sealed class ForeignIdentityDeniedCheck : AcceptanceStep
{
    /// <summary>emojivoto's voting and emoji Services and gRPC port, as web's own pods are given them (emojivoto.yml).</summary>
    public const string VotingHost = "voting-svc.emojivoto:8080";

    public const string EmojiHost = "emoji-svc.emojivoto:8080";

    /// <summary>The vote the probe casts (:dog:, VotingService/VoteDog; not :doughnut:, which fails on purpose in v11).</summary>
    public static readonly string VotePath = $"api/vote?choice={Uri.EscapeDataString(VoteOutcome.Choice)}";

    public override string Id => PolicyCheckIds.ForeignIdentityDenied;

    public override int Order => 3;

    public override string Title => "a meshed caller with another identity is refused by voting (PermissionDenied)";

    public override string Hint => "kubectl -n deepthought-conformance get pods -o yaml (the probe's container states); kubectl get --raw '/api/v1/namespaces/deepthought-conformance/pods/<probe>:8080/proxy/api/vote?choice=%3Adog%3A'; linkerd viz authz -n emojivoto deploy/voting";

    public override IReadOnlyList<string> DependsOn => [PolicyCheckIds.AllowWithAuthorization];

    public override IReadOnlyList<string> FailingScenarios => ["probe-image-pull-fails"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, PolicyProfile policy, CancellationToken cancellationToken)
    {
        var actions = context.Service<IAcceptanceActions>();
        var budget = TimeSpan.FromSeconds(Math.Max(1, policy.ProbePodBudgetSeconds)); // scheduling, image pull, proxy start, the vote
        var result = await actions.RunProbePodAsync(new ProbePodRequest(EmojiHost, VotingHost, VotePath), budget, cancellationToken);
        var identity = $"{IAcceptanceActions.ProbeServiceAccount}.{IAcceptanceActions.ProbeNamespace}";
        var subject = $"probe pod {IAcceptanceActions.ProbeNamespace}/{result.Pod} ({identity}, {policy.ProbeImage}) GET /{VotePath} → {VotingHost}";
        const string expected = "HTTP 500 rpc error: code = PermissionDenied";
        if (!result.Answered)
        {
            return Verdict.Fail($"{subject}: expected web in the probe pod to answer within {Seconds(budget)} with {expected}, last observed: {result.LastState}",
                new Evidence(subject, expected, result.LastState));
        }

        var observed = $"HTTP {result.Status} {Excerpt(result.Body)}".TrimEnd();
        var evidence = new Evidence(subject, expected, observed);
        var denied = result.Status == 500 && result.Body.Contains("PermissionDenied", StringComparison.Ordinal);
        return denied ? Verdict.Pass($"{identity} is refused by voting: {observed}", evidence)
            : result.Status == 200 ? Verdict.Fail($"{subject}: expected {expected}, got {observed} (the vote was counted) — the voting authorization admits callers other than {string.Join(", ", policy.AllowedServiceAccounts)}", evidence)
            : Verdict.Fail($"{subject}: expected {expected}, got {observed}", evidence);
    }

    private static string Excerpt(string body)
    {
        var line = body.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
