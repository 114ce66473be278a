using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Etcd;

/// <summary>No etcd alarm (NOSPACE, CORRUPT) is raised. Alarms are cluster-wide: any control plane that answers will do.</summary>
public sealed class EtcdAlarmsCheck : CheckBase
{
    public override string Id => EtcdCheckIds.Alarms;

    public override Phase Phase => Phase.Etcd;

    public override string Title => "etcd has no alarm raised (NOSPACE, CORRUPT)";

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <control-plane-ip> -e <control-plane-ip> etcd alarm list";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.ApiReachable];

    public override IReadOnlyList<string> FailingScenarios => ["etcd-nospace"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var etcd = await context.ObserveAsync<EtcdObservation>(cancellationToken);
        var answered = new List<(string Name, string Ip, IReadOnlyList<EtcdAlarmFacts> Alarms)>();
        var silent = new List<string>();
        foreach (var node in context.Profile.EtcdMembers)
        {
            var facts = etcd.Find(node.Ip);
            if (facts?.Alarms is { } alarms)
            {
                answered.Add((node.Name, node.Ip, alarms));
            }
            else
            {
                silent.Add($"{node.Name}: {facts?.AlarmsError ?? "not asked"}");
            }
        }

        if (answered.Count == 0)
        {
            return Verdict.Fail($"no control plane answered EtcdAlarmList: {string.Join("; ", silent)}");
        }

        var names = etcd.Nodes.SelectMany(n => n.Members ?? []).GroupBy(m => m.Id).ToDictionary(g => g.Key, g => g.First().Name);
        var findings = answered
            .SelectMany(a => a.Alarms.Where(x => x.Alarm != "NONE").Select(x => (a.Ip, x.MemberId, x.Alarm)))
            .DistinctBy(x => (x.MemberId, x.Alarm))
            .Select(x => new Evidence(
                $"etcd member {EtcdFormat.Id(x.MemberId)} ({(names.TryGetValue(x.MemberId, out var n) ? n : "unknown member")})",
                "no alarm",
                $"alarm {x.Alarm}{Remedy(x.Alarm, x.Ip)}"))
            .ToList();
        var observed = answered.Select(a => new Evidence($"etcd alarms seen from {a.Name}", "none", a.Alarms.Count == 0 ? "none" : string.Join(", ", a.Alarms.Select(x => x.Alarm))))
            .Concat(silent.Select(s => new Evidence("etcd alarms", "an answer", s)))
            .ToList();
        return Verdict.FromFindings(findings, "no etcd alarm is raised", observed);
    }

    private static string Remedy(string alarm, string ip) => alarm switch
    {
        "NOSPACE" => $" — the database reached its quota: free space (compact), then talosctl -n {ip} etcd defrag and talosctl -n {ip} etcd alarm disarm",
        "CORRUPT" => $" — a member's data differs from the others: restore it from a snapshot (talosctl -n {ip} etcd snapshot)",
        _ => "",
    };
}
