using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Etcd;

/// <summary>Every etcd member answers its status with a leader (the same one) and no errors.</summary>
public sealed class EtcdMemberHealthCheck : CheckBase
{
    public override string Id => EtcdCheckIds.MemberHealth;

    public override Phase Phase => Phase.Etcd;

    public override string Title => "every etcd member reports a leader and no errors";

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <control-plane-ip> -e <control-plane-ip> etcd status";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.ApiReachable];

    public override IReadOnlyList<string> FailingScenarios => ["etcd-member-stopped", "etcd-nospace"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var etcd = await context.ObserveAsync<EtcdObservation>(cancellationToken);
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        var leaders = new Dictionary<ulong, List<string>>();
        foreach (var node in context.Profile.EtcdMembers)
        {
            var subject = $"etcd member on {node.Name} ({node.Ip})";
            var facts = etcd.Find(node.Ip);
            if (facts?.Status is not { } status)
            {
                findings.Add(new Evidence(subject, "a status with a leader and no errors", facts?.StatusError ?? "not asked"));
                continue;
            }

            var member = $"{subject}, member {EtcdFormat.Id(status.MemberId)}";
            if (status.Leader == 0)
            {
                findings.Add(new Evidence(member, "a leader", "no leader"));
            }
            else
            {
                (leaders.TryGetValue(status.Leader, out var who) ? who : leaders[status.Leader] = []).Add(node.Name);
            }

            if (status.Errors.Count > 0)
            {
                findings.Add(new Evidence(member, "no errors", $"errors: {string.Join("; ", status.Errors)}"));
            }

            observed.Add(new Evidence(member, "a leader, no errors",
                $"leader {EtcdFormat.Id(status.Leader)}, raft term {status.RaftTerm}, etcd {status.Version}, {status.Errors.Count} errors"));
        }

        if (leaders.Count > 1)
        {
            findings.Add(new Evidence("etcd members", "one leader for all members",
                string.Join("; ", leaders.Select(l => $"{EtcdFormat.Id(l.Key)} according to {string.Join(", ", l.Value)}"))));
        }

        return Verdict.FromFindings(findings, "every etcd member has the same leader and no errors", observed);
    }
}
