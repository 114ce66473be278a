using Deepthought.Checks.Model;

namespace Deepthought.Checks.Talos;

/// <summary>
/// The kubeconfig is the one `talosctl kubeconfig` writes: its current context uses the cluster entry named after the
/// profiled cluster, the context is admin@&lt;cluster&gt; (or the profile's) on the profiled API server — or on the address
/// the target says stands in for it (<see cref="Probes.ClusterConnections.ApiServerStandIn"/>: the twin's loopback port).
/// </summary>
public sealed class KubeconfigContextCheck : CheckBase
{
    public override string Id => TalosCheckIds.KubeconfigContext;

    public override Phase Phase => Phase.Talos;

    public override string Title => "the kubeconfig's current context is the one talosctl kubeconfig creates, on the profiled API server";

    public override string Hint => "talosctl kubeconfig --nodes 192.168.1.32 --endpoints 192.168.1.32 --talosconfig=./talosconfig; kubectl config current-context";

    public override IReadOnlyList<string> FailingScenarios => ["kubeconfig-foreign-cluster"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var kubeconfig = await context.ObserveAsync<KubeconfigObservation>(cancellationToken);
        if (kubeconfig.Error is not null)
        {
            return Verdict.Fail(kubeconfig.Error);
        }

        var profile = context.Profile.Kubernetes;
        var expectedContext = string.IsNullOrEmpty(profile.Context) ? $"admin@{context.Profile.Name}" : profile.Context;
        var subject = $"kubeconfig {kubeconfig.Path}";
        var findings = new List<Evidence>();
        if (kubeconfig.ClusterName != context.Profile.Name)
        {
            findings.Add(new Evidence($"{subject} context {kubeconfig.CurrentContext}", $"cluster entry {context.Profile.Name} (talosctl names it after the cluster)", kubeconfig.ClusterName ?? "no cluster entry"));
        }

        if (kubeconfig.CurrentContext != expectedContext)
        {
            findings.Add(new Evidence(subject, $"current-context {expectedContext}", kubeconfig.CurrentContext ?? "no current-context"));
        }

        // Where the target serves the API server elsewhere (the twin: loopback), that address stands in for the profile's.
        var server = kubeconfig.Server?.TrimEnd('/');
        var standsIn = kubeconfig.ApiServerStandIn is { } standIn && string.Equals(server, standIn.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
        var expectedServer = kubeconfig.ApiServerStandIn is { } s ? $"{s.TrimEnd('/')} (standing in for {profile.Endpoint})" : profile.Endpoint;
        if (!standsIn && !string.Equals(server, profile.Endpoint.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new Evidence($"{subject} context {kubeconfig.CurrentContext}", $"server {expectedServer}", kubeconfig.Server ?? "no server"));
        }

        return Verdict.FromFindings(findings, $"current context {expectedContext} on {expectedServer}",
            [new Evidence(subject, $"{expectedContext} on {expectedServer}", $"{kubeconfig.CurrentContext} on {kubeconfig.Server}")]);
    }
}
