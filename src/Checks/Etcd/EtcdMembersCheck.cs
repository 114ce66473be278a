using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Etcd;

/// <summary>The etcd members are exactly the etcd control planes — names and peer URLs on their IPs — as every control plane sees it.</summary>
public sealed class EtcdMembersCheck : CheckBase
{
    public override string Id => EtcdCheckIds.Members;

    public override Phase Phase => Phase.Etcd;

    public override string Title => "etcd members are the control-plane nodes (names, peer URLs on their IPs), alike from every control plane";

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <control-plane-ip> -e <control-plane-ip> etcd members";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.ApiReachable];

    public override IReadOnlyList<string> FailingScenarios => ["etcd-peer-url-foreign", "etcd-member-stopped"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var etcd = await context.ObserveAsync<EtcdObservation>(cancellationToken);
        var expected = context.Profile.EtcdMembers.ToList();
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        IReadOnlyList<EtcdMemberFacts>? reference = null;
        string? referenceNode = null;
        foreach (var node in expected)
        {
            var subject = $"etcd members seen from {node.Name} ({node.Ip})";
            var facts = etcd.Find(node.Ip);
            if (facts?.Members is not { } members)
            {
                findings.Add(new Evidence(subject, "an EtcdMemberList answer", facts?.MembersError ?? "not asked"));
                continue;
            }

            observed.Add(new Evidence(subject, string.Join(", ", expected.Select(e => $"{e.Name}@{e.Ip}")),
                string.Join(", ", members.Select(m => $"{m.Name}@{string.Join("|", m.PeerUrls)}"))));
            if (reference is not null)
            {
                var same = members.Select(m => (m.Id, m.Name, m.IsLearner)).OrderBy(m => m.Id).SequenceEqual(reference.Select(m => (m.Id, m.Name, m.IsLearner)).OrderBy(m => m.Id));
                if (!same)
                {
                    findings.Add(new Evidence(subject, $"the same members as {referenceNode} sees", Describe(members)));
                }

                continue;
            }

            reference = members;
            referenceNode = node.Name;
            foreach (var want in expected)
            {
                var member = members.FirstOrDefault(m => m.Name == want.Name);
                if (member is null)
                {
                    findings.Add(new Evidence($"etcd member {want.Name}", $"a member with peer URLs on {want.Ip}", $"no member named {want.Name} (members: {Describe(members)})"));
                    continue;
                }

                var foreign = member.PeerUrls.Where(u => EtcdFormat.Host(u) != want.Ip).ToList();
                if (member.PeerUrls.Count == 0 || foreign.Count > 0)
                {
                    findings.Add(new Evidence($"etcd member {want.Name} ({member.HexId})", $"peer URLs on {want.Ip}", member.PeerUrls.Count == 0 ? "no peer URLs" : string.Join(", ", member.PeerUrls)));
                }

                if (member.IsLearner)
                {
                    findings.Add(new Evidence($"etcd member {want.Name} ({member.HexId})", "a voting member", "a learner"));
                }
            }

            foreach (var extra in members.Where(m => expected.All(e => e.Name != m.Name)))
            {
                var name = string.IsNullOrEmpty(extra.Name) ? "(unstarted member)" : extra.Name;
                findings.Add(new Evidence($"etcd member {name} ({extra.HexId})", "only the profiled control planes as members",
                    $"an extra member with peer URLs {string.Join(", ", extra.PeerUrls)} — remove it: talosctl -n <ip> etcd remove-member {extra.HexId}"));
            }
        }

        return Verdict.FromFindings(findings, $"{expected.Count} etcd members = the control planes ({string.Join(", ", expected.Select(e => e.Name))})", observed);
    }

    private static string Describe(IEnumerable<EtcdMemberFacts> members) =>
        string.Join(", ", members.Select(m => $"{(string.IsNullOrEmpty(m.Name) ? "?" : m.Name)} {m.HexId}{(m.IsLearner ? " (learner)" : "")}"));
}
