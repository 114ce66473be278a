using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;
using Deepthought.Protocols;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The seed installs the linkerd-viz extension with Helm and opens its dashboard (service web, port 8084): the
/// release is deployed, every viz Deployment is available, and the dashboard answers through the API server's
/// service proxy. The dashboard refuses Host headers outside its enforced regex with 400 and a pointer to
/// linkerd.io/dns-rebinding: that still proves it answers, and the evidence says how to browse it that way.
/// </summary>
public sealed class LinkerdVizCheck : CheckBase
{
    public const string DashboardService = "web";
    public const string DashboardPort = "8084";

    /// <summary>The viz components the dashboard needs at least.</summary>
    public static readonly IReadOnlyList<string> RequiredDeployments = ["metrics-api", "web"];

    public override string Id => MeshCheckIds.LinkerdViz;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "linkerd-viz is installed, available, and its dashboard answers";

    public override string Hint => "kubectl -n linkerd-viz get deploy,svc; kubectl port-forward -n linkerd-viz service/web 8084:8084  (install: helm install linkerd-viz linkerd-edge/linkerd-viz -n linkerd-viz --create-namespace)";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["linkerd-viz-missing"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var linkerd = context.Profile.Mesh.Linkerd;
        var ns = linkerd.VizNamespace;
        var f = new Findings();
        LinkerdHelmReleasesCheck.Judge(f, await (await context.ObserveAsync<HelmReleasesSource>(cancellationToken)).ReadAsync(ns, cancellationToken), ns, linkerd.VizHelmRelease);

        var deployments = (await context.ObserveAsync<DeploymentsObservation>(cancellationToken)).Items.Where(d => d.Metadata.NamespaceProperty == ns).ToList();
        foreach (var missing in RequiredDeployments.Where(n => deployments.All(d => d.Metadata.Name != n)))
        {
            f.Fail($"deployment {ns}/{missing}", "available", "absent");
        }

        foreach (var d in deployments.OrderBy(d => d.Metadata.Name, StringComparer.Ordinal))
        {
            var replicas = d.Spec?.Replicas ?? 1;
            var available = d.Status?.AvailableReplicas ?? 0;
            var observed = $"{available}/{replicas} available";
            if (replicas < 1 || available < replicas)
            {
                f.Fail($"deployment {ns}/{d.Metadata.Name}", "all replicas available", observed);
            }
            else
            {
                f.Saw($"deployment {ns}/{d.Metadata.Name}", "all replicas available", observed);
            }
        }

        var service = (await context.ObserveAsync<ServicesObservation>(cancellationToken)).Find(ns, DashboardService);
        var port = service?.Spec?.Ports?.FirstOrDefault(p => p.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == DashboardPort);
        if (port is null)
        {
            f.Fail($"service {ns}/{DashboardService}", $"port {DashboardPort}", service is null ? "absent" : "no port " + DashboardPort);
        }
        else
        {
            await DashboardAsync(context, f, ns, cancellationToken);
        }

        return f.ToVerdict($"linkerd-viz is deployed in {ns} and its dashboard answers");
    }

    private static async Task DashboardAsync(CheckContext context, Findings f, string ns, CancellationToken cancellationToken)
    {
        var subject = $"dashboard /api/v1/namespaces/{ns}/services/{DashboardService}:{DashboardPort}/proxy/";
        const string Expected = "an answer from the viz dashboard";
        ProxyResponse answer;
        try
        {
            answer = await (await context.ObserveAsync<ApiServerProxy>(cancellationToken)).ServiceAsync(ns, DashboardService, DashboardPort, "", cancellationToken);
        }
        catch (ProbeException e)
        {
            f.Fail(subject, Expected, e.Message);
            return;
        }

        if (answer.IsSuccess)
        {
            f.Saw(subject, Expected, $"HTTP {answer.StatusCode}");
        }
        else if (answer.StatusCode == 400 && answer.Body.Contains("dns-rebinding", StringComparison.Ordinal))
        {
            f.Saw(subject, Expected, "HTTP 400 from the dashboard's Host check (it answers; to browse it through the API server set dashboard.enforcedHostRegexp)");
        }
        else
        {
            f.Fail(subject, Expected, $"HTTP {answer.StatusCode}: {answer.Excerpt}");
        }
    }
}
