using Deepthought.Checks.Model;

namespace Deepthought.Checks.Talos;

/// <summary>
/// Attach mode: the kubeconfig is the one `talosctl kubeconfig` writes — current context admin@&lt;cluster&gt; on the
/// profiled API server. Skipped on the twin, whose kubeconfig names 127.0.0.1 by design.
/// </summary>
public sealed class KubeconfigContextCheck : CheckBase
{
    public override string Id => "talos.kubeconfig-context";

    public override Phase Phase => Phase.Talos;

    public override string Title => "the kubeconfig's current context is the one talosctl kubeconfig creates, on the profiled API server";

    public override string Hint => "talosctl kubeconfig --nodes 192.168.1.32 --endpoints 192.168.1.32 --talosconfig=./talosconfig; kubectl config current-context";

    // Attach-only by nature: the twin always skips it, so no twin scenario can make it fail (tests use kubeconfig files).
    public override IReadOnlyList<string> FailingScenarios => [];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var kubeconfig = await context.ObserveAsync<KubeconfigObservation>(cancellationToken);
        if (kubeconfig.Target == "twin")
        {
            return Verdict.Skip("attach mode only: the twin writes its own kubeconfig (server on 127.0.0.1); this check judges a real cluster's kubeconfig");
        }

        if (kubeconfig.Error is not null)
        {
            return Verdict.Fail(kubeconfig.Error);
        }

        var profile = context.Profile.Kubernetes;
        var expectedContext = string.IsNullOrEmpty(profile.Context) ? $"admin@{context.Profile.Name}" : profile.Context;
        var subject = $"kubeconfig {kubeconfig.Path}";
        var findings = new List<Evidence>();
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
