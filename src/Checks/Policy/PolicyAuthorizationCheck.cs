using Deepthought.Checks.Model;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Policy;

/// <summary>
/// The seed's server authorization: "the voting service only allows requests from the web service". The profiled
/// authorization must exist and target the Server, every profiled service account must be admitted, and no
/// authorization on that Server may admit anyone else (unauthenticated clients, all identities, other accounts).
/// </summary>
public sealed class PolicyAuthorizationCheck : PolicyCheck
{
    public override string Id => PolicyCheckIds.Authorization;

    public override string Title => "only the profiled service accounts (web) may call the voting gRPC port";

    public override string Hint => "kubectl -n emojivoto get serverauthorizations.policy.linkerd.io,authorizationpolicies.policy.linkerd.io -o yaml; kubectl apply -f profiles/deepthought/manifests/server-authorization.yaml";

    public override IReadOnlyList<string> FailingScenarios => ["authorization-missing", "authorization-allows-everyone"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, PolicyProfile policy, CancellationToken cancellationToken)
    {
        var objects = await context.ObserveAsync<LinkerdPolicyObservation>(cancellationToken);
        var server = objects.FindServer(policy.Namespace, policy.ServerName);
        var labels = server?.Labels ?? new Dictionary<string, string>();
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();

        var kind = policy.Form == PolicyForm.AuthorizationPolicy ? "AuthorizationPolicy" : "ServerAuthorization";
        var subject = $"{kind} {policy.Namespace}/{policy.AuthorizationName}";
        var (exists, targets) = policy.Form == PolicyForm.AuthorizationPolicy
            ? Named(objects.AuthorizationPolicies.FirstOrDefault(a => a.Namespace == policy.Namespace && a.Name == policy.AuthorizationName),
                a => PolicyAnalysis.Targets(a, policy.ServerName), a => a.Target.ToString())
            : Named(objects.ServerAuthorizations.FirstOrDefault(a => a.Namespace == policy.Namespace && a.Name == policy.AuthorizationName),
                a => PolicyAnalysis.Targets(a, policy.ServerName, labels), a => a.ServerName.Length > 0 ? $"Server {a.ServerName}" : $"Servers labelled {a.ServerSelector}");
        var namedEvidence = new Evidence(subject, $"exists and targets Server {policy.ServerName}", exists is null
            ? "not found" + NotServedNote(objects, kind)
            : $"targets {exists}");
        observed.Add(namedEvidence);
        if (exists is null || !targets)
        {
            findings.Add(namedEvidence);
        }

        var admissions = PolicyAnalysis.Admissions(objects, policy.Namespace, policy.ServerName, labels, context.Profile.Mesh.Linkerd);
        var allowed = policy.AllowedServiceAccounts.Select(sa => PolicyAnalysis.ServiceAccountKey(sa, policy.Namespace)).ToHashSet(StringComparer.Ordinal);
        var serverSubject = $"clients of Server {policy.Namespace}/{policy.ServerName}";
        var expected = $"only {string.Join(", ", allowed.Select(a => $"service account {a}"))}";
        foreach (var sa in allowed.Where(a => !admissions.Any(x => x.ServiceAccount == a)))
        {
            findings.Add(new Evidence(serverSubject, $"service account {sa} admitted", admissions.Count == 0 ? "no authorization admits anyone (every call is refused)" : $"not admitted; admitted: {string.Join("; ", admissions)}"));
        }

        foreach (var extra in admissions.Where(a => a.ServiceAccount is null || !allowed.Contains(a.ServiceAccount)))
        {
            findings.Add(new Evidence(serverSubject, expected, extra.ToString()));
        }

        observed.Add(new Evidence(serverSubject, expected, admissions.Count == 0 ? "nobody admitted" : string.Join("; ", admissions)));
        return Verdict.FromFindings(findings, $"{serverSubject}: {expected} ({string.Join("; ", admissions.Select(a => a.Authorization).Distinct())})", observed);
    }

    private static (string? Exists, bool Targets) Named<T>(T? found, Func<T, bool> targets, Func<T, string> describe)
        where T : class =>
        found is null ? (null, false) : (describe(found), targets(found));

    private static string NotServedNote(LinkerdPolicyObservation objects, string kind) =>
        objects.NotServed.FirstOrDefault(n => n.StartsWith(kind.ToLowerInvariant(), StringComparison.Ordinal)) is { } ns
            ? $" (the cluster serves no {ns}: linkerd-crds missing?)"
            : "";
}
