using Deepthought.Checks.Model;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Talos;

/// <summary>The profiled services run and are healthy on every node (control-plane services on control planes).</summary>
public sealed class TalosServicesCheck : CheckBase
{
    public override string Id => TalosCheckIds.ServicesHealthy;

    public override Phase Phase => Phase.Talos;

    public override string Title => "every node's Talos services are Running and healthy (etcd and trustd on control planes)";

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <ip> -e <ip> services; talosctl -n <ip> service <id>; talosctl -n <ip> logs <id>";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.ApiReachable];

    public override IReadOnlyList<string> FailingScenarios => ["etcd-service-unhealthy", "etcd-member-stopped"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var services = await context.ObserveAsync<TalosServicesObservation>(cancellationToken);
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var node in context.Profile.Nodes)
        {
            var subject = $"node {node.Name} ({node.Ip})";
            var expected = context.Profile.Talos.Services
                .Concat(node.Role == NodeRole.ControlPlane ? context.Profile.Talos.ControlPlaneServices : [])
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var answer = services.Find(node.Ip);
            if (answer is not { Ok: true })
            {
                findings.Add(new Evidence(subject, $"services {string.Join(", ", expected)} Running and healthy", answer?.Error ?? "no ServiceList answer"));
                continue;
            }

            foreach (var id in expected)
            {
                var service = answer.Value!.FirstOrDefault(s => s.Id == id);
                var state = service is null ? "absent from ServiceList"
                    : service.State != "Running" ? $"{service.State}{Said(service.LastMessage)}"
                    : !service.Healthy && !service.HealthUnknown ? $"Running but unhealthy{Said(service.LastMessage)}"
                    : null;
                if (state is not null)
                {
                    findings.Add(new Evidence($"{subject} service {id}", "Running and healthy", $"{state} — run: talosctl -n {node.Ip} service {id}"));
                }
            }

            observed.Add(new Evidence(subject, string.Join(", ", expected), string.Join(", ", answer.Value!.Select(s => $"{s.Id}:{s.State}{(s.Healthy ? "" : s.HealthUnknown ? "(?)" : "(unhealthy)")}"))));
        }

        return Verdict.FromFindings(findings, "every profiled service is Running and healthy on every node", observed);
    }

    private static string Said(string message) => string.IsNullOrEmpty(message) ? "" : $" (\"{message}\")";
}
