using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Policy;

/// <summary>
/// A step of the acceptance sequence (seed order: Server → denied; authorization → allowed; other identity → denied;
/// then cleanup). Acceptance mode only, strictly ordered, each fatal for the next. Waits are bounded by the profile's
/// propagation budget and report the last state observed, never just "timed out".
/// </summary>
public abstract class AcceptanceStep : PolicyCheck, IOrderedCheck
{
    public override IReadOnlyList<RunMode> Modes => [RunMode.Acceptance];

    public override bool Fatal => true;

    public abstract int Order { get; }

    protected static TimeSpan Budget(PolicyProfile policy) => TimeSpan.FromSeconds(Math.Max(1, policy.PropagationBudgetSeconds));

    /// <summary>Polls until <paramref name="done"/> holds for the vote's outcome, within the propagation budget.</summary>
    protected static Task<PollResult<VoteOutcome>> PollVoteAsync(CheckContext context, GatewayEndpoint endpoint, Func<VoteOutcome, bool> done, CancellationToken cancellationToken)
    {
        var budget = Budget(context.Profile.Policy);
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(budget.TotalMilliseconds / 20, 100, 1000));
        return Poll.UntilAsync(
            async ct =>
            {
                var vote = await VoteOutcome.CastAsync(context, endpoint, ct);
                return new Attempt<VoteOutcome>(done(vote), vote, vote.Description);
            },
            interval,
            TimeSpan.FromSeconds(10),
            budget,
            context.Time,
            cancellationToken);
    }

    /// <summary>
    /// Where votes go: the gateway as gateway.traffic reaches it (address, else NodePort), else the API server's
    /// service proxy of the HTTPRoute's backend (web-svc), which skips the gateway but still crosses the mesh.
    /// </summary>
    protected static async Task<GatewayEndpoint> ReachWebAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var route = HttpRouteInfo.From(ProjectManifests.LoadOne(context.Profile, ProjectManifests.HttpRoute, "HTTPRoute"));
        var web = route.Rules.SelectMany(r => r.Backends).FirstOrDefault(b => b.IsService);
        (string, string, string)? fallback = web is null ? null : (web.Namespace, web.Name, (web.Port ?? 80).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await GatewayTrafficCheck.ResolveAsync(context, context.Profile.Gateway, cancellationToken, fallback);
    }

    /// <summary>Which path the votes took, for the evidence.</summary>
    protected static Evidence Reached(GatewayEndpoint endpoint) =>
        new("votes reached web", "via the Gateway address, else NodePort, else the API server's service proxy of web-svc", $"{endpoint.Via} at {endpoint}: {endpoint.Derivation}");

    protected static string Seconds(TimeSpan t) => t.TotalSeconds < 1 ? $"{t.TotalMilliseconds:0} ms" : $"{t.TotalSeconds:0.#} s";
}

/// <summary>What a vote through the gateway showed: accepted (200), refused by Linkerd policy, or something else.</summary>
public sealed record VoteOutcome(HttpExchange Exchange, bool Accepted, bool DeniedByPolicy)
{
    /// <summary>Not :doughnut: — in emojivoto v11 that vote always fails on purpose.</summary>
    public const string Choice = ":dog:";

    public string Description =>
        Accepted ? $"{Exchange.Summary}: vote accepted"
        : DeniedByPolicy ? $"{Exchange.Summary}: refused by policy"
        : Exchange.Summary;

    public static async Task<VoteOutcome> CastAsync(CheckContext context, GatewayEndpoint endpoint, CancellationToken cancellationToken)
    {
        var gateway = context.Profile.Gateway;
        var path = $"{GatewayTrafficCheck.ApiPath(gateway, "vote")}?choice={Uri.EscapeDataString(Choice)}";
        var exchange = await context.Service<GatewayTrafficProbe>().GetAsync(endpoint, gateway.Hostname, path, context.Time, cancellationToken);
        var denied = exchange.Status == 500 && exchange.Body.Contains("PermissionDenied", StringComparison.Ordinal);
        return new VoteOutcome(exchange, exchange.Status == 200, denied);
    }
}
