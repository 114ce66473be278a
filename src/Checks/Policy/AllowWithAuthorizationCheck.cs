using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Policy;

/// <summary>
/// The seed: "Let's authorize the traffic ... Now the application is working again". Applies the profile's
/// authorization (ServerAuthorization or AuthorizationPolicy + MeshTLSAuthentication) and waits for votes through the
/// gateway to be accepted again.
/// </summary>
public sealed class AllowWithAuthorizationCheck : AcceptanceStep
{
    public override string Id => PolicyCheckIds.AllowWithAuthorization;

    public override int Order => 2;

    public override string Title => "after the authorization is applied, voting through the gateway works again";

    public override string Hint => "kubectl apply -f profiles/deepthought/manifests/server-authorization.yaml; kubectl -n emojivoto get serverauthorizations.policy.linkerd.io -o yaml; linkerd viz authz -n emojivoto deploy/voting";

    public override IReadOnlyList<string> DependsOn => [PolicyCheckIds.DenyWithoutAuthorization];

    public override IReadOnlyList<string> FailingScenarios => ["authorization-missing"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, PolicyProfile policy, CancellationToken cancellationToken)
    {
        var actions = context.Service<IAcceptanceActions>();
        var endpoint = await ReachWebAsync(context, cancellationToken);
        var applied = new List<ObjectRef>();
        foreach (var doc in ProjectManifests.Load(context.Profile, ProjectManifests.AuthorizationFile(policy)))
        {
            try
            {
                applied.Add(await actions.ApplyAsync(doc, cancellationToken));
            }
            catch (ProbeException e)
            {
                var subject = ObjectRef.Of(doc).ToString();
                return Verdict.Fail($"{subject} could not be applied, so nothing authorizes web to call voting: {e.Message}",
                    new Evidence($"apply {subject}", "created", e.Message));
            }
        }

        var names = string.Join(" and ", applied);
        var allowed = await PollVoteAsync(context, endpoint, v => v.Accepted, cancellationToken);
        var evidence = new Evidence($"vote after applying {names}", "accepted (200)", $"{allowed.LastState} after {Seconds(allowed.Elapsed)}");
        if (allowed.Succeeded)
        {
            return Verdict.Pass($"votes are accepted {Seconds(allowed.Elapsed)} after {names} was applied ({endpoint.Via})", evidence, Reached(endpoint)) with { Attempts = allowed.Attempts };
        }

        // Say what became of what was applied: a reconciler pruning it, a webhook changing it...
        var states = new List<string>();
        foreach (var r in applied)
        {
            states.Add(await actions.GetAsync(r, cancellationToken) is null ? $"{r} no longer exists (it was applied at the start of this step)" : $"{r} exists");
        }

        return Verdict.Fail(
            $"{names} applied: expected votes through the gateway to be accepted within {Seconds(Budget(policy))}, last observed after {allowed.Attempts} attempts: {allowed.LastState}; {string.Join("; ", states)}",
            evidence,
            new Evidence("authorization objects now", "present as applied", string.Join("; ", states)),
            Reached(endpoint)) with { Attempts = allowed.Attempts };
    }
}
