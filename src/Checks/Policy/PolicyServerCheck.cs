using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Profile;
using k8s.Models;

namespace Deepthought.Checks.Policy;

/// <summary>
/// The seed's policy attachment: a Server describing the voting service's gRPC port. It must exist as profiled,
/// enforce (not audit), and actually select pods that declare that port.
/// </summary>
public sealed class PolicyServerCheck : PolicyCheck
{
    /// <summary>The seed: "This policy server describes a specific port and protocol (gRPC) of the voting service".</summary>
    public const string ExpectedProtocol = "gRPC";

    public override string Id => PolicyCheckIds.Server;

    public override string Title => "the voting gRPC port has a Linkerd Server (voting-grpc)";

    public override string Hint => "kubectl -n emojivoto get servers.policy.linkerd.io voting-grpc -o yaml; kubectl apply -f profiles/deepthought/manifests/policy-attachment.yaml";

    public override IReadOnlyList<string> FailingScenarios => ["server-missing"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, PolicyProfile policy, CancellationToken cancellationToken)
    {
        var objects = await context.ObserveAsync<LinkerdPolicyObservation>(cancellationToken);
        var subject = $"Server {policy.Namespace}/{policy.ServerName}";
        var server = objects.FindServer(policy.Namespace, policy.ServerName);
        if (server is null)
        {
            var served = objects.NotServed.Any(n => n.StartsWith("servers.", StringComparison.Ordinal)) ? " (the cluster serves no servers.policy.linkerd.io: linkerd-crds missing?)" : "";
            var others = objects.Servers.Where(s => s.Namespace == policy.Namespace).Select(s => s.Name).ToList();
            var observed = "not found" + served + (others.Count > 0 ? $"; Servers in {policy.Namespace}: {string.Join(", ", others)}" : "");
            return Verdict.Fail($"{subject}: expected to exist for port {policy.Port} ({ExpectedProtocol}), got {observed}", new Evidence(subject, "exists", observed));
        }

        var findings = new List<Evidence>();
        var observedAll = new List<Evidence>();
        void Expect(Evidence e, bool ok)
        {
            observedAll.Add(e);
            if (!ok)
            {
                findings.Add(e);
            }
        }

        Expect(new Evidence($"{subject} spec.port", policy.Port, server.Port), server.Port == policy.Port);
        Expect(new Evidence($"{subject} spec.proxyProtocol", ExpectedProtocol, server.ProxyProtocol), server.ProxyProtocol == ExpectedProtocol);
        var access = server.AccessPolicy.Length == 0 ? "unset (deny, the default)" : server.AccessPolicy;
        Expect(new Evidence($"{subject} spec.accessPolicy", "deny (unauthorized clients refused)", access), server.AccessPolicy is "" or "deny");

        var pods = (await context.ObserveAsync<PodsObservation>(cancellationToken)).In(policy.Namespace).ToList();
        var selected = pods.Where(p => server.PodSelector.Matches(new Dictionary<string, string>(p.Metadata.Labels ?? new Dictionary<string, string>()))).ToList();
        var serving = selected.Where(p => DeclaresPort(p, server.Port)).Select(p => p.Metadata.Name).ToList();
        var selection = selected.Count == 0
            ? $"selects no pod in {policy.Namespace} (podSelector {server.PodSelector})"
            : serving.Count == 0
                ? $"selects {string.Join(", ", selected.Select(p => p.Metadata.Name))}, none of which declares container port {server.Port}"
                : $"selects {string.Join(", ", serving)} (podSelector {server.PodSelector})";
        Expect(new Evidence($"{subject} spec.podSelector", $"pods declaring port {server.Port}", selection), serving.Count > 0);

        return Verdict.FromFindings(findings, $"{subject} describes port {server.Port} ({server.ProxyProtocol}) of {string.Join(", ", serving)}", observedAll);
    }

    private static bool DeclaresPort(V1Pod pod, string port) =>
        (pod.Spec?.Containers ?? []).SelectMany(c => c.Ports ?? []).Any(p => p.Name == port || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == port);
}
