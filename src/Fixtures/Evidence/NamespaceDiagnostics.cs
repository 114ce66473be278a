namespace Deepthought.Fixtures.Evidence;

/// <summary>
/// What a person looks at next when a check fails in a namespace: its recent non-Normal events (the seed's
/// <c>kubectl events -n &lt;ns&gt; | grep -v Normal</c>) and the status of the pods concerned. Collected read-only.
/// </summary>
public sealed record NamespaceDiagnostics(
    string Namespace,
    IReadOnlyList<EventSummary> Events,
    IReadOnlyList<PodSummary> Pods,
    string? Error)
{
    /// <summary>The command that shows the same events live.</summary>
    public string EventsCommand => $"kubectl events -n {Namespace} | grep -v Normal";

    /// <summary>The command that shows the same pods live.</summary>
    public string PodsCommand => $"kubectl get pods -n {Namespace} -o wide";
}

/// <summary>One event, as <c>kubectl events</c> prints it: type, reason, object, message, how often and when last.</summary>
public sealed record EventSummary(string Type, string Reason, string Object, string Message, int Count, DateTimeOffset? LastSeen);

/// <summary>One pod's status, as <c>kubectl get pods</c> prints it, plus the reason a container is waiting or ended.</summary>
public sealed record PodSummary(string Name, string Phase, string Ready, int Restarts, string? Reason, string? Node, bool Named);
