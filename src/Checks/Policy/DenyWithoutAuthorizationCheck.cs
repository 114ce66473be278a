using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Policy;

/// <summary>
/// The seed: "Since we haven't authorized any client service yet, the web service cannot access the voting service".
/// Sets the cluster's Server and authorization aside (restored at cleanup), proves voting works without them, applies
/// the Server alone and waits for votes through the gateway to be refused.
/// </summary>
public sealed class DenyWithoutAuthorizationCheck : AcceptanceStep
{
    public override string Id => PolicyCheckIds.DenyWithoutAuthorization;

    public override int Order => 1;

    public override string Title => "with the Server and no authorization, voting through the gateway is refused";

    public override string Hint => "kubectl apply -f profiles/deepthought/manifests/policy-attachment.yaml; curl -H 'Host: emojivoto.deepthought.local' 'http://<gateway>/api/vote?choice=:dog:'; linkerd viz authz -n emojivoto deploy/voting";

    public override IReadOnlyList<string> DependsOn => [GatewayCheckIds.Traffic];

    public override IReadOnlyList<string> FailingScenarios => ["authorization-allows-everyone", "policy-propagation-slow"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, PolicyProfile policy, CancellationToken cancellationToken)
    {
        var actions = context.Service<IAcceptanceActions>();
        var endpoint = await ReachWebAsync(context, cancellationToken);
        var server = ProjectManifests.LoadOne(context.Profile, ProjectManifests.PolicyAttachment, "Server");
        var authorization = ProjectManifests.Load(context.Profile, ProjectManifests.AuthorizationFile(policy));

        var setAside = new List<string>();
        foreach (var doc in new[] { server }.Concat(authorization))
        {
            if (await actions.SetAsideAsync(ObjectRef.Of(doc), doc, cancellationToken) is not null)
            {
                setAside.Add(ObjectRef.Of(doc).ToString());
            }
        }

        var baseline = await PollVoteAsync(context, endpoint, v => v.Accepted, cancellationToken);
        var evidence = new List<Evidence>
        {
            Reached(endpoint),
            new("set aside until cleanup", "the cluster's Server and authorization", setAside.Count == 0 ? "none existed" : string.Join(", ", setAside)),
            new("vote without any policy", "accepted", baseline.LastState),
        };
        if (!baseline.Succeeded)
        {
            return Verdict.Fail($"voting through the gateway fails even before the Server is applied ({baseline.LastState}, {baseline.Attempts} attempts in {Seconds(baseline.Elapsed)}): a refusal afterwards would prove nothing", evidence) with { Attempts = baseline.Attempts };
        }

        var applied = await actions.ApplyAsync(server, cancellationToken);
        var denied = await PollVoteAsync(context, endpoint, v => v.DeniedByPolicy, cancellationToken);
        evidence.Add(new Evidence($"vote after applying {applied}", "refused by policy (500, rpc error PermissionDenied)", $"{denied.LastState} after {Seconds(denied.Elapsed)}"));
        if (denied.Succeeded)
        {
            return Verdict.Pass($"votes are refused {Seconds(denied.Elapsed)} after {applied} was applied ({endpoint.Via})", evidence) with { Attempts = denied.Attempts };
        }

        var others = await OtherAuthorizationsAsync(context, policy, cancellationToken);
        return Verdict.Fail(
            $"{applied} applied with no authorization: expected votes through the gateway to be refused within {Seconds(Budget(policy))}, " +
            $"last observed after {denied.Attempts} attempts: {denied.LastState}{others}", evidence) with { Attempts = denied.Attempts };
    }

    /// <summary>Authorizations on the Server that the harness did not set aside (they would still admit callers).</summary>
    private static async Task<string> OtherAuthorizationsAsync(CheckContext context, PolicyProfile policy, CancellationToken cancellationToken)
    {
        var objects = await context.ObserveAsync<LinkerdPolicyObservation>(cancellationToken);
        var labels = objects.FindServer(policy.Namespace, policy.ServerName)?.Labels ?? new Dictionary<string, string>();
        var admissions = PolicyAnalysis.Admissions(objects, policy.Namespace, policy.ServerName, labels, context.Profile.Mesh.Linkerd)
            .Where(a => !a.Authorization.EndsWith($" {policy.Namespace}/{policy.AuthorizationName}", StringComparison.Ordinal))
            .ToList();
        return admissions.Count == 0 ? "" : $"; other authorizations on the Server still admit callers: {string.Join("; ", admissions)}";
    }
}
