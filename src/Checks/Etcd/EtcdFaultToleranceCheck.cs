using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Etcd;

/// <summary>
/// How many member failures etcd survives. One member tolerates none: a warning that cites the seed's plan of a
/// three-node control plane (which tolerates one).
/// </summary>
public sealed class EtcdFaultToleranceCheck : CheckBase
{
    public override string Id => EtcdCheckIds.FaultTolerance;

    public override Phase Phase => Phase.Etcd;

    public override string Title => "etcd tolerates the failure of a member";

    public override Severity Severity => Severity.Warn;

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <control-plane-ip> -e <control-plane-ip> etcd members; add control planes: talosctl apply-config --insecure -n <new-ip> --file controlplane.yaml";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.ApiReachable];

    public override IReadOnlyList<string> FailingScenarios => ["etcd-member-stopped"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var etcd = await context.ObserveAsync<EtcdObservation>(cancellationToken);
        var expected = context.Profile.EtcdMembers.ToList();
        var members = expected.Select(n => etcd.Find(n.Ip)?.Members).FirstOrDefault(m => m is not null);
        if (members is null)
        {
            return Verdict.Warn("no control plane answered EtcdMemberList: fault tolerance unknown (see etcd.members)");
        }

        var voting = members.Count(m => !m.IsLearner);
        // A member counts toward quorum when it answers and follows a leader (an alarm such as NOSPACE does not take it out).
        var healthy = expected.Count(n => etcd.Find(n.Ip)?.Status is { Leader: > 0 });
        var quorum = (voting / 2) + 1;
        var tolerates = healthy - quorum;
        var planned = context.Profile.Etcd.PlannedMembers;
        var evidence = new Evidence("etcd cluster", $"{planned} members (the seed's plan), tolerating {planned - ((planned / 2) + 1)} failure(s)",
            $"{voting} voting members, {healthy} healthy, quorum {quorum}: tolerates {Math.Max(tolerates, 0)} more failure(s)");
        if (tolerates < 0)
        {
            return Verdict.Warn($"etcd has lost quorum: {healthy} healthy of {voting} members, quorum {quorum} (see etcd.member-health)", evidence);
        }

        if (tolerates == 0)
        {
            var plan = planned > voting
                ? $"; the seed plans {planned} control planes (etcd.plannedMembers), which would tolerate {planned - ((planned / 2) + 1)}"
                : "";
            return Verdict.Warn($"{voting} etcd member(s) with {healthy} healthy tolerate no member failure{plan}", evidence);
        }

        return Verdict.Pass($"{voting} etcd members, {healthy} healthy: etcd tolerates {tolerates} member failure(s)", evidence);
    }
}
