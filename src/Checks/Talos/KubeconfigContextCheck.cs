using Deepthought.Checks.Model;

namespace Deepthought.Checks.Talos;

/// <summary>
/// The kubeconfig is the one `talosctl kubeconfig` writes: its current context uses the cluster entry named after the
/// profiled cluster; attached to the real cluster, the context is admin@&lt;cluster&gt; on the profiled API server. The
/// twin's kubeconfig serves on 127.0.0.1 and selects its identity per mode, so there only the cluster entry is judged.
/// </summary>
public sealed class KubeconfigContextCheck : CheckBase
{
    public override string Id => "talos.kubeconfig-context";

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

        if (kubeconfig.Target == "twin")
        {
            return Verdict.FromFindings(findings, $"context {kubeconfig.CurrentContext} uses cluster entry {context.Profile.Name} (the twin serves on loopback: server and identity not compared)",
                [new Evidence(subject, $"cluster {context.Profile.Name}", $"cluster {kubeconfig.ClusterName} (context {kubeconfig.CurrentContext})")]);
        }

        if (kubeconfig.CurrentContext != expectedContext)
        {
            findings.Add(new Evidence(subject, $"current-context {expectedContext}", kubeconfig.CurrentContext ?? "no current-context"));
        }

        if (!string.Equals(kubeconfig.Server?.TrimEnd('/'), profile.Endpoint.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new Evidence($"{subject} context {kubeconfig.CurrentContext}", $"server {profile.Endpoint}", kubeconfig.Server ?? "no server"));
        }

        return Verdict.FromFindings(findings, $"current context {expectedContext} on {profile.Endpoint}",
            [new Evidence(subject, $"{expectedContext} on {profile.Endpoint}", $"{kubeconfig.CurrentContext} on {kubeconfig.Server}")]);
    }
}
