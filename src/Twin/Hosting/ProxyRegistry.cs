using System.Collections.Concurrent;

namespace Deepthought.Twin.Hosting;

/// <summary>
/// Where the twin API server's pod and service proxies lead: (kind, namespace, name, port) → a local base URL that a
/// twin component serves (proxy metrics, mgr metrics, the viz dashboard...).
/// </summary>
public sealed class ProxyRegistry
{
    private readonly ConcurrentDictionary<string, Uri> _targets = new(StringComparer.Ordinal);

    public void Register(string kind, string ns, string name, string port, Uri target) => _targets[Key(kind, ns, name, port)] = target;

    public void Unregister(string kind, string ns, string name, string port) => _targets.TryRemove(Key(kind, ns, name, port), out _);

    /// <summary>Finds the target; port may be a number or a port name; kind is "pods" or "services".</summary>
    public Uri? Find(string kind, string ns, string name, string port) =>
        _targets.TryGetValue(Key(kind, ns, name, port), out var u) ? u : null;

    private static string Key(string kind, string ns, string name, string port) => $"{kind}/{ns}/{name}:{port}";
}
