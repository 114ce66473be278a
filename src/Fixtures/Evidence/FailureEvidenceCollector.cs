using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols;
using k8s;
using k8s.Models;

namespace Deepthought.Fixtures.Evidence;

/// <summary>What was collected after a run: per namespace its events and pods, and which namespaces each failed check involves.</summary>
public sealed record FailureEvidence(IReadOnlyList<NamespaceDiagnostics> Namespaces, IReadOnlyDictionary<string, IReadOnlyList<string>> NamespacesByCheck)
{
    public static FailureEvidence None { get; } = new([], new Dictionary<string, IReadOnlyList<string>>());
}

/// <summary>
/// After the run, gathers for the failed checks what a person would look at next: recent non-Normal events and pod
/// status of the namespaces involved. Read-only (two LISTs per namespace, each with the client's timeout); a namespace
/// that cannot be read says why in its entry and never changes a verdict.
/// </summary>
public static class FailureEvidenceCollector
{
    public const int MaxNamespaces = 10;
    public const int MaxEvents = 20;
    public const int MaxPods = 25;

    public static async Task<FailureEvidence> CollectAsync(ClusterConnections connections, IEnumerable<CheckResult> results, CancellationToken cancellationToken)
    {
        var byCheck = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var involved = new Dictionary<string, List<InvolvedObjects>>(StringComparer.Ordinal);
        foreach (var r in results.Where(r => r.Outcome == Outcome.Fail))
        {
            var objects = InvolvedObjectsResolver.Resolve(r.Check, r.Verdict);
            if (objects.Namespaces.Count == 0)
            {
                continue;
            }

            byCheck[r.Id] = objects.Namespaces;
            foreach (var ns in objects.Namespaces)
            {
                (involved.TryGetValue(ns, out var l) ? l : involved[ns] = []).Add(objects);
            }
        }

        var tasks = involved.Take(MaxNamespaces).Select(p => CollectNamespaceAsync(connections, p.Key, p.Value, cancellationToken));
        var collected = await Task.WhenAll(tasks);
        return new FailureEvidence(collected.OrderBy(d => d.Namespace, StringComparer.Ordinal).ToList(), byCheck);
    }

    private static async Task<NamespaceDiagnostics> CollectNamespaceAsync(ClusterConnections c, string ns, IReadOnlyList<InvolvedObjects> involved, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var events = new List<EventSummary>();
        var pods = new List<PodSummary>();
        try
        {
            var list = await KubeCall.RunAsync(c, $"list events in {ns}", t => c.Kubernetes.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: t), cancellationToken);
            events.AddRange(list.Items
                .Where(e => !string.Equals(e.Type, "Normal", StringComparison.Ordinal))
                .Select(Summarize)
                .OrderByDescending(e => e.LastSeen ?? DateTimeOffset.MinValue)
                .Take(MaxEvents));
        }
        catch (ProbeException e)
        {
            errors.Add(e.Message);
        }

        try
        {
            var list = await KubeCall.RunAsync(c, $"list pods in {ns}", t => c.Kubernetes.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: t), cancellationToken);
            var all = list.Items.Select(p => Summarize(p, involved.Any(i => i.Names(ns, p.Metadata.Name)))).ToList();
            var shown = all.Any(p => p.Named) ? all.Where(p => p.Named) : all;
            pods.AddRange(shown.OrderBy(p => Healthy(p) ? 1 : 0).ThenBy(p => p.Name, StringComparer.Ordinal).Take(MaxPods));
        }
        catch (ProbeException e)
        {
            errors.Add(e.Message);
        }

        return new NamespaceDiagnostics(ns, events, pods, errors.Count == 0 ? null : string.Join("; ", errors));
    }

    private static bool Healthy(PodSummary p) =>
        p.Phase == "Succeeded" || (p.Phase == "Running" && p.Reason is null && p.Ready.Split('/') is [var a, var b] && a == b);

    private static EventSummary Summarize(Corev1Event e)
    {
        DateTime? last = e.LastTimestamp ?? e.EventTime ?? e.Series?.LastObservedTime ?? e.Metadata?.CreationTimestamp;
        var o = e.InvolvedObject;
        var subject = o is null ? "" : $"{o.Kind?.ToLowerInvariant()}/{o.Name}";
        return new EventSummary(e.Type ?? "", e.Reason ?? "", subject, e.Message ?? "", e.Series?.Count ?? e.Count ?? 1,
            last is null ? null : new DateTimeOffset(DateTime.SpecifyKind(last.Value, DateTimeKind.Utc)));
    }

    private static PodSummary Summarize(V1Pod p, bool named)
    {
        var statuses = p.Status?.ContainerStatuses ?? [];
        var total = p.Spec?.Containers?.Count ?? statuses.Count;
        var ready = statuses.Count(s => s.Ready);
        var restarts = statuses.Sum(s => s.RestartCount);
        var reason = statuses.Select(s => s.State?.Waiting?.Reason ?? s.State?.Terminated?.Reason).FirstOrDefault(r => r is not null)
            ?? p.Status?.Reason;
        return new PodSummary(p.Metadata.Name, p.Status?.Phase ?? "Unknown", $"{ready}/{total}", restarts, reason, p.Spec?.NodeName, named);
    }
}
