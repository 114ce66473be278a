using Deepthought.Checks.Model;

namespace Deepthought.Checks.Talos;

/// <summary>The gate of every Talos-API check: each profiled node answers through the talosconfig's endpoint, mTLS verified.</summary>
public sealed class TalosApiReachableCheck : CheckBase
{
    public override string Id => TalosCheckIds.ApiReachable;

    public override Phase Phase => Phase.Talos;

    public override string Title => "every profiled node answers the Talos API through the talosconfig endpoint (mutual TLS verified)";

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <ip> -e <endpoint> version";

    public override bool Fatal => true;

    public override IReadOnlyList<string> FailingScenarios => ["apid-unreachable", "talosconfig-wrong-ca", "talos-client-cert-expired"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var versions = await context.ObserveAsync<TalosVersionsObservation>(cancellationToken);
        var failed = new List<(string Subject, string Error)>();
        var observed = new List<Evidence>();
        foreach (var node in context.Profile.Nodes)
        {
            var subject = $"node {node.Name} ({node.Ip})";
            var answer = versions.Find(node.Ip);
            if (answer is null)
            {
                failed.Add((subject, $"not asked: {node.Ip} is not among the nodes the harness asks (the talosconfig context's nodes and the profile's node IPs) — run: talosctl config node {node.Ip}"));
            }
            else if (!answer.Ok)
            {
                failed.Add((subject, answer.Error!));
            }
            else
            {
                observed.Add(new Evidence(subject, "answers the Talos API", $"answers as {answer.Value!.Hostname}, Talos {answer.Value.Tag}"));
            }
        }

        // A refused TLS handshake fails every node alike: say it once for all of them.
        var findings = failed
            .GroupBy(f => f.Error, StringComparer.Ordinal)
            .Select(g => new Evidence(string.Join(", ", g.Select(f => f.Subject)), $"answers Version through {versions.Endpoint}", g.Key))
            .ToList();
        return Verdict.FromFindings(findings, $"{observed.Count} nodes answer the Talos API through {versions.Endpoint}", observed);
    }
}
