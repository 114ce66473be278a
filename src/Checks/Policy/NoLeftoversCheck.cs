using Deepthought.Checks.Model;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Policy;

/// <summary>
/// Last of the acceptance sequence, whatever happened before: undo everything the ledger recorded (reverse order;
/// objects of the cluster are restored exactly as they were) and fail the run if anything labelled as the harness's
/// is left anywhere.
/// </summary>
public sealed class NoLeftoversCheck : PolicyCheck, IOrderedCheck
{
    public override string Id => PolicyCheckIds.NoLeftovers;

    public int Order => 99;

    public override IReadOnlyList<RunMode> Modes => [RunMode.Acceptance];

    public override IReadOnlyList<string> DependsOn => [];

    public override string Title => "acceptance left nothing labelled app.kubernetes.io/managed-by=deepthought-conformance behind";

    public override string Hint => "kubectl get namespaces,pods,serviceaccounts,servers.policy.linkerd.io,serverauthorizations.policy.linkerd.io,authorizationpolicies.policy.linkerd.io,meshtlsauthentications.policy.linkerd.io -A -l app.kubernetes.io/managed-by=deepthought-conformance";

    public override IReadOnlyList<string> FailingScenarios => ["cleanup-step-fails"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, PolicyProfile policy, CancellationToken cancellationToken)
    {
        var report = await context.Service<IAcceptanceActions>().CleanupAsync(cancellationToken);
        var label = $"{IAcceptanceActions.ManagedByLabel}={IAcceptanceActions.ManagedByValue}";
        var steps = report.Steps.Select(s => new Evidence($"cleanup: {s.Description}", "done",
            s.Succeeded ? "done" : s.RecoveredOnRetry ? $"failed ({s.Error}), done on retry" : $"failed: {s.Error}")).ToList();
        var leak = new Evidence($"objects labelled {label}", "none", report.Leftovers.Count == 0 ? "none" : string.Join(", ", report.Leftovers));
        var all = steps.Append(leak).ToList();
        foreach (var error in report.LeakCheckErrors)
        {
            all.Add(new Evidence("leak check", "every kind listed", error));
        }

        var failed = report.Steps.Where(s => !s.Succeeded && !s.RecoveredOnRetry).ToList();
        var recovered = report.Steps.Where(s => s.RecoveredOnRetry).ToList();
        if (report.Leftovers.Count > 0 || failed.Count > 0 || report.LeakCheckErrors.Count > 0)
        {
            var parts = new List<string>();
            if (failed.Count > 0)
            {
                parts.Add($"{failed.Count} of {report.Steps.Count} cleanup steps failed: {string.Join("; ", failed.Select(f => f.Error))}");
            }

            if (report.Leftovers.Count > 0)
            {
                parts.Add($"expected nothing labelled {label}, found {string.Join(", ", report.Leftovers)} — remove with: deepthought cleanup, or {IAcceptanceActions.LeftoversKubectlDelete}");
            }

            parts.AddRange(report.LeakCheckErrors.Select(e => $"leak check incomplete: {e}"));
            return Verdict.Fail(string.Join("; ", parts), all);
        }

        if (recovered.Count > 0)
        {
            return Verdict.Warn(
                $"{recovered.Count} of {report.Steps.Count} cleanup steps failed and succeeded on retry ({string.Join("; ", recovered.Select(f => f.Error))}); nothing labelled {label} is left",
                all.ToArray());
        }

        return Verdict.Pass($"{report.Steps.Count} cleanup steps done; nothing labelled {label} is left", all);
    }
}
