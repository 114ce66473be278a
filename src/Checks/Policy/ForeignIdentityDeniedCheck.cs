using System.Globalization;
using System.Text.RegularExpressions;
using Deepthought.Checks.Model;
using Deepthought.Checks.Profile;

namespace Deepthought.Checks.Policy;

/// <summary>
/// The seed: "Requests from other pods will be rejected". A meshed probe pod running as another service account
/// (conformance-probe, in the harness's namespace) calls VotingService/VoteDog directly; Linkerd must answer
/// PERMISSION_DENIED. The probe container reports the gRPC status in its termination message.
/// </summary>
public sealed partial class ForeignIdentityDeniedCheck : AcceptanceStep
{
    /// <summary>emojivoto's voting Service and gRPC port (emojivoto.yml: voting-svc, port grpc 8080).</summary>
    public const string VotingTarget = "voting-svc.emojivoto:8080";

    public const string VoteDogMethod = "emojivoto.v1.VotingService/VoteDog";

    public override string Id => PolicyCheckIds.ForeignIdentityDenied;

    public override int Order => 3;

    public override string Title => "a meshed caller with another identity is refused by voting (PERMISSION_DENIED)";

    public override string Hint => "kubectl -n deepthought-conformance get pods -o yaml (the probe's state and termination message); linkerd viz authz -n emojivoto deploy/voting";

    public override IReadOnlyList<string> DependsOn => [PolicyCheckIds.AllowWithAuthorization];

    public override IReadOnlyList<string> FailingScenarios => ["probe-image-pull-fails"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, PolicyProfile policy, CancellationToken cancellationToken)
    {
        var actions = context.Service<IAcceptanceActions>();
        var budget = TimeSpan.FromSeconds(Math.Max(1, policy.ProbePodBudgetSeconds)); // scheduling, image pull, proxy start, the call
        var result = await actions.RunProbePodAsync(new ProbePodRequest(VotingTarget, VoteDogMethod), budget, cancellationToken);
        var identity = $"{IAcceptanceActions.ProbeServiceAccount}.{IAcceptanceActions.ProbeNamespace}";
        var subject = $"probe pod {IAcceptanceActions.ProbeNamespace}/{result.Pod} ({identity}) → {VotingTarget} {VoteDogMethod}";
        if (!result.Finished)
        {
            return Verdict.Fail($"{subject}: expected it to finish within {Seconds(budget)} with grpc-status=7 PERMISSION_DENIED, last observed: {result.LastState}",
                new Evidence(subject, "finished: grpc-status=7 PERMISSION_DENIED", result.LastState));
        }

        var code = ParseStatus(result.TerminationMessage);
        var observed = result.TerminationMessage.Length > 0 ? result.TerminationMessage : $"pod {result.Phase} without a termination message";
        var evidence = new Evidence(subject, "grpc-status=7 PERMISSION_DENIED", observed);
        return code switch
        {
            7 => Verdict.Pass($"{identity} is refused by voting: {observed}", evidence),
            0 => Verdict.Fail($"{subject}: expected PERMISSION_DENIED, got {observed} — the voting authorization admits callers other than {string.Join(", ", policy.AllowedServiceAccounts)}", evidence),
            null => Verdict.Fail($"{subject}: expected a termination message grpc-status=7 PERMISSION_DENIED, got {observed} (pod {result.Phase}) — is profile policy.probeImage a gRPC probe that writes it?", evidence),
            _ => Verdict.Fail($"{subject}: expected grpc-status=7 PERMISSION_DENIED, got {observed}", evidence),
        };
    }

    /// <summary>The status code from "grpc-status=7 PERMISSION_DENIED: ...", or null when the message has none.</summary>
    public static int? ParseStatus(string message) =>
        StatusPattern().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"grpc-status=(\d+)")]
    private static partial Regex StatusPattern();
}
