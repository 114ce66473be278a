using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using k8s.Models;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// mTLS proven from traffic, without the linkerd CLI: for each profiled edge (web→voting, web→emoji) the proxies of
/// both ends, read through the API server's pod proxy on the admin port 4191, count requests with tls="true" and
/// the expected identities, and none in plaintext (what `linkerd viz edges` shows as SECURED √).
/// </summary>
public sealed class MtlsEdgesCheck : CheckBase
{
    public const int AdminPort = 4191;

    public override string Id => MeshCheckIds.MtlsEdges;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "traffic on the profiled edges (web→voting, web→emoji) is mTLS between the expected identities";

    public override string Hint => "linkerd viz edges deploy -n emojivoto  (raw: kubectl get --raw /api/v1/namespaces/emojivoto/pods/<pod>:4191/proxy/metrics | grep request_total)";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    // emojivoto-pod-unmeshed: the unmeshed voting pod has no proxy to prove mTLS (its admin port does not answer).
    public override IReadOnlyList<string> FailingScenarios => ["plaintext-edge", "emojivoto-pod-unmeshed", "proxy-metrics-malformed"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var linkerd = context.Profile.Mesh.Linkerd;
        var deployments = await context.ObserveAsync<DeploymentsObservation>(cancellationToken);
        var pods = await context.ObserveAsync<PodsObservation>(cancellationToken);
        var proxy = await context.ObserveAsync<ApiServerProxy>(cancellationToken);
        var f = new Findings();
        foreach (var edge in context.Profile.Mesh.Edges)
        {
            var name = $"edge {edge.From}→{edge.To} ({edge.Namespace})";
            var from = PodsOf(f, name, deployments, pods, edge.Namespace, edge.From);
            var to = PodsOf(f, name, deployments, pods, edge.Namespace, edge.To);
            if (from.Count == 0 || to.Count == 0)
            {
                continue;
            }

            var identities = new MeshEdgeIdentities(
                edge.Namespace,
                edge.From,
                edge.To,
                MeshFacts.Identity(ServiceAccount(from[0]), edge.Namespace, linkerd.Namespace, linkerd.TrustDomain),
                MeshFacts.Identity(ServiceAccount(to[0]), edge.Namespace, linkerd.Namespace, linkerd.TrustDomain));
            var clients = await ScrapeAsync(f, name, proxy, edge.Namespace, from, cancellationToken);
            var servers = await ScrapeAsync(f, name, proxy, edge.Namespace, to, cancellationToken);
            if (clients.Count > 0 && servers.Count > 0)
            {
                EdgeTraffic.Judge(f, identities, clients, servers);
            }
        }

        return f.ToVerdict($"every profiled edge carries mTLS traffic between the expected identities ({string.Join(", ", context.Profile.Mesh.Edges.Select(e => $"{e.From}→{e.To}"))})");
    }

    private static string ServiceAccount(V1Pod pod) => pod.Spec?.ServiceAccountName is { Length: > 0 } sa ? sa : "default";

    private static List<V1Pod> PodsOf(Findings f, string edge, DeploymentsObservation deployments, PodsObservation pods, string ns, string deployment)
    {
        var d = deployments.Find(ns, deployment);
        if (d is null)
        {
            f.Fail(edge, $"deployment {ns}/{deployment}", "absent");
            return [];
        }

        var running = MeshFacts.PodsOf(d, pods.Items).Where(p => p.Status?.Phase == "Running").OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
        if (running.Count == 0)
        {
            f.Fail(edge, $"running pods of deployment {ns}/{deployment}", "none");
        }

        return running;
    }

    private static async Task<List<PodMetrics>> ScrapeAsync(Findings f, string edge, ApiServerProxy proxy, string ns, List<V1Pod> pods, CancellationToken cancellationToken)
    {
        var result = new List<PodMetrics>();
        foreach (var pod in pods)
        {
            var subject = $"{edge}: pod {ns}/{pod.Metadata.Name}:{AdminPort}/metrics";
            try
            {
                var answer = await proxy.PodAsync(ns, pod.Metadata.Name, AdminPort, "metrics", cancellationToken);
                if (answer.IsSuccess)
                {
                    result.Add(new PodMetrics(pod.Metadata.Name, PrometheusText.Parse(answer.Body)));
                }
                else
                {
                    var why = answer.StatusCode == 403 ? " — Linkerd policy denies the API server on linkerd-admin (a Server selecting port 4191, or a deny default)" : "";
                    f.Fail(subject, "proxy metrics (HTTP 200)", $"HTTP {answer.StatusCode}: {answer.Excerpt}{why}");
                }
            }
            catch (ProbeException e)
            {
                f.Fail(subject, "proxy metrics", e.Message);
            }
            catch (FormatException e)
            {
                // PrometheusText names the line number, what is wrong and the raw line.
                f.Fail(subject, "proxy metrics in Prometheus text format", $"unparseable {e.Message}");
            }
        }

        return result;
    }
}
