using System.Collections.Concurrent;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>One request the twin API answered.</summary>
public sealed record RequestLogEntry(
    DateTimeOffset Time,
    string User,
    string Method,
    string Verb,
    string Group,
    string Resource,
    string Subresource,
    string Namespace,
    string Name,
    string Path,
    int StatusCode,
    TimeSpan Duration)
{
    /// <summary>Mutating verbs (and proxied calls other than GET): what an audit must never send.</summary>
    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete" or "deletecollection"
        || (Verb == "proxy" && Method is not ("GET" or "HEAD"));

    public override string ToString() =>
        $"{User} {Verb} {KubeApiException.Qualified(Group, Resource)}{(Subresource.Length > 0 ? "/" + Subresource : "")}"
        + $"{(Namespace.Length > 0 ? $" -n {Namespace}" : "")}{(Name.Length > 0 ? $" {Name}" : "")} → {StatusCode}";
}

/// <summary>
/// Every request the twin API answered, in order (the twin provides it through <c>TwinContext.Find&lt;RequestLog&gt;()</c>),
/// so harness tests can prove "zero writes in audit mode" and count requests per resource type.
/// </summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestLogEntry> _entries = new();

    public IReadOnlyList<RequestLogEntry> Entries => _entries.ToArray();

    public IReadOnlyList<RequestLogEntry> Writes => _entries.Where(e => e.IsWrite).ToArray();

    public int Count => _entries.Count;

    public void Add(RequestLogEntry entry) => _entries.Enqueue(entry);

    public void Clear() => _entries.Clear();
}
