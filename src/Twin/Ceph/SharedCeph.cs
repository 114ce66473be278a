using System.Collections.Concurrent;

namespace Deepthought.Twin.Ceph;

/// <summary>A twin's use of the shared cluster: shared (healthy twin) or exclusive (fault scenario). Dispose to release.</summary>
public sealed class CephLease : IAsyncDisposable
{
    private readonly IDisposable _release;

    internal CephLease(RealCephCluster cluster, bool exclusive, IDisposable release)
    {
        Cluster = cluster;
        Exclusive = exclusive;
        _release = release;
    }

    public RealCephCluster Cluster { get; }

    public bool Exclusive { get; }

    public ValueTask DisposeAsync()
    {
        _release.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// One real Ceph cluster per test process (per OSD and mon count), started lazily by the first twin that needs it
/// (~25 s) and reused by every later one; removed at process exit (or by <see cref="ShutdownAsync"/>), leaving no
/// process, port or file. A failed start is kept: every later twin fails with the same cause instead of retrying.
/// </summary>
public static class SharedCeph
{
    private static readonly ConcurrentDictionary<(int Osds, int Mons), Lazy<Task<RealCephCluster>>> Clusters = new();
    private static readonly ConcurrentDictionary<(int Osds, int Mons), SharedExclusiveGate> Gates = new();
    private static int _exitHookInstalled;

    /// <summary>How long a twin waits for a fault twin to hand the cluster back.</summary>
    public static TimeSpan LeaseDeadline { get; set; } = TimeSpan.FromMinutes(5);

    public static async Task<CephLease> AcquireAsync(CephInstallation ceph, CephClusterOptions options, bool exclusive, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        }

        var key = (options.Osds, options.Mons);

        // The start runs unbound to the first caller's token (other twins wait on the same task), bounded by its deadlines.
        var lazy = Clusters.GetOrAdd(key, _ => new Lazy<Task<RealCephCluster>>(() => RealCephCluster.StartAsync(ceph, options, CancellationToken.None)));
        var cluster = await lazy.Value.WaitAsync(cancellationToken);
        var gate = Gates.GetOrAdd(key, _ => new SharedExclusiveGate());
        var release = await gate.EnterAsync(exclusive, LeaseDeadline, cancellationToken);
        return new CephLease(cluster, exclusive, release);
    }

    /// <summary>The clusters started so far (tests and benchmarks read their timings and events).</summary>
    public static IReadOnlyList<RealCephCluster> Started =>
        Clusters.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result).ToList();

    /// <summary>Stops every shared cluster now; the next twin that needs one starts a new one.</summary>
    public static async Task ShutdownAsync()
    {
        foreach (var (key, lazy) in Clusters.ToArray())
        {
            Clusters.TryRemove(key, out _);
            if (lazy.IsValueCreated && await Completed(lazy.Value) is { } cluster)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    internal static void Forget(RealCephCluster cluster)
    {
        foreach (var (key, lazy) in Clusters.ToArray())
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && ReferenceEquals(lazy.Value.Result, cluster))
            {
                Clusters.TryRemove(key, out _);
            }
        }
    }

    private static void KillAll()
    {
        foreach (var lazy in Clusters.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.KillNow();
            }
        }
    }

    private static async Task<RealCephCluster?> Completed(Task<RealCephCluster> task)
    {
        try
        {
            return await task;
        }
        catch (Exception e) when (e is CephBackendException or OperationCanceledException)
        {
            return null;
        }
    }
}
