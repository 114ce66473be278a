using Deepthought.Checks.Probes;

namespace Deepthought.Fixtures.Targets;

/// <summary>A connected target: the connections checks use, what the target wants said, and how to let go of it.</summary>
public sealed class TargetSession : IAsyncDisposable
{
    private readonly Func<ValueTask>? _dispose;

    public TargetSession(string name, ClusterConnections connections, Func<ValueTask>? dispose = null)
    {
        Name = name;
        Connections = connections;
        _dispose = dispose;
    }

    public string Name { get; }

    public ClusterConnections Connections { get; }

    /// <summary>E.g. "etcd not installed: scripted etcd answers" — printed and reported.</summary>
    public List<string> Notices { get; } = [];

    /// <summary>The embedded target behind this session (the twin; null when attached to a real cluster), typed only
    /// where the twin is loaded (<c>Deepthought.TwinTarget</c>'s <c>session.Twin()</c>). Harness tests reach into it
    /// (request log, fault injection); probes and checks never do.</summary>
    public object? Embedded { get; init; }

    /// <summary>What the target is, for reports (twin: the objects it was built with; attach: the server).</summary>
    public Dictionary<string, string> Facts { get; } = new(StringComparer.Ordinal);

    /// <summary>Phases the target cannot have (the provisioned kind cluster: no Talos API, no Ceph), with the reason;
    /// their checks are skipped unless a check of another phase depends on them.</summary>
    public Dictionary<Deepthought.Checks.Model.Phase, string> SkippedPhases { get; } = [];

    public async ValueTask DisposeAsync()
    {
        Connections.Dispose();
        if (_dispose is not null)
        {
            await _dispose();
        }
    }
}
