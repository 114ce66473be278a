using System.Collections.Concurrent;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// The named checks behind /healthz, /livez and /readyz (<c>?verbose</c> lists them as <c>[+]etcd ok</c>). A twin
/// component may replace one (e.g. etcd reports its members' health): provide an instance before the API server
/// starts, or find the server's with <c>context.Find&lt;ApiHealthChecks&gt;()</c>, and call <see cref="Set"/>.
/// </summary>
public sealed class ApiHealthChecks
{
    private readonly ConcurrentDictionary<string, Func<string?>> _checks = new(StringComparer.Ordinal);

    public ApiHealthChecks()
    {
        foreach (var name in new[] { "ping", "log", "etcd", "poststarthook/start-apiextensions-controllers", "poststarthook/crd-informer-synced", "poststarthook/rbac/bootstrap-roles" })
        {
            _checks[name] = static () => null;
        }
    }

    /// <summary>Sets a check: the function returns null when healthy, else the reason it is not.</summary>
    public void Set(string name, Func<string?> check) => _checks[name] = check;

    /// <summary>The checks an endpoint reports, in order: readyz adds etcd-readiness, informer-sync and shutdown.</summary>
    public IReadOnlyList<(string Name, string? Failure)> Evaluate(string endpoint)
    {
        var names = _checks.Keys.Order(StringComparer.Ordinal).ToList();
        names.Remove("ping");
        names.Insert(0, "ping");
        if (endpoint == "readyz")
        {
            names.InsertRange(names.IndexOf("etcd") + 1, ["etcd-readiness", "informer-sync"]);
            names.Add("shutdown");
        }

        return names.Select(n => (n, Probe(n))).ToList();
    }

    private string? Probe(string name)
    {
        var key = name == "etcd-readiness" ? "etcd" : name;
        if (!_checks.TryGetValue(key, out var check))
        {
            return null;
        }

        try
        {
            return check();
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}
