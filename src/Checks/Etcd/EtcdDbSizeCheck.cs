using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Etcd;

/// <summary>Each member's database stays below the profile's share of the backend quota.</summary>
public sealed class EtcdDbSizeCheck : CheckBase
{
    public override string Id => EtcdCheckIds.DbSize;

    public override Phase Phase => Phase.Etcd;

    public override string Title => "every etcd member's database is below the profiled share of the backend quota";

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <control-plane-ip> -e <control-plane-ip> etcd status; reclaim space: talosctl -n <ip> etcd defrag";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.ApiReachable];

    public override IReadOnlyList<string> FailingScenarios => ["etcd-nospace"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var etcd = await context.ObserveAsync<EtcdObservation>(cancellationToken);
        var p = context.Profile.Etcd;
        var limit = p.QuotaBytes * p.MaxDbPercentOfQuota / 100;
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var node in context.Profile.EtcdMembers)
        {
            if (etcd.Find(node.Ip)?.Status is not { } status)
            {
                continue; // etcd.member-health reports members that do not answer.
            }

            var subject = $"etcd member on {node.Name} ({node.Ip})";
            var share = 100.0 * status.DbSize / p.QuotaBytes;
            var said = $"{EtcdFormat.Bytes(status.DbSize)} ({share:0.#}% of the {EtcdFormat.Bytes(p.QuotaBytes)} quota, {EtcdFormat.Bytes(status.DbSizeInUse)} in use)";
            var expected = $"below {p.MaxDbPercentOfQuota}% of {EtcdFormat.Bytes(p.QuotaBytes)} ({EtcdFormat.Bytes(limit)})";
            if (status.DbSize >= limit)
            {
                findings.Add(new Evidence(subject, expected, $"{said} — defragment: talosctl -n {node.Ip} etcd defrag"));
            }

            observed.Add(new Evidence(subject, expected, said));
        }

        if (observed.Count == 0)
        {
            return Verdict.Fail("no etcd member answered EtcdStatus (see etcd.member-health)");
        }

        return Verdict.FromFindings(findings, $"every etcd database is below {p.MaxDbPercentOfQuota}% of its quota", observed);
    }
}
