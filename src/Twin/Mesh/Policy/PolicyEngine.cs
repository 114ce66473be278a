using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Mesh.Policy;

/// <summary>
/// The twin's Linkerd policy controller and the proxies' view of it. Every change to a policy.linkerd.io object is
/// captured at once and reaches the proxies after <see cref="PropagationDelay"/> on the twin's clock (real proxies
/// apply CRD changes "on the fly", with no documented bound: acceptance polls). A snapshot never replaces a newer one.
/// </summary>
public sealed class PolicyEngine : IDisposable
{
    private readonly KubeStore _store;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly HashSet<ITimer> _pending = [];
    private PolicySnapshot _active;
    private bool _disposed;

    public PolicyEngine(KubeStore store, TimeProvider time, TimeSpan propagationDelay)
    {
        _store = store;
        _time = time;
        PropagationDelay = propagationDelay;
        _active = PolicySnapshot.Capture(store); // proxies start in sync with what exists
        store.Changed += OnChanged;
    }

    /// <summary>How long a policy change takes to reach the proxies (scenario policy-propagation-slow: longer than any budget).</summary>
    public TimeSpan PropagationDelay { get; set; }

    /// <summary>The policy the proxies enforce now.</summary>
    public PolicySnapshot Active => Volatile.Read(ref _active);

    /// <summary>Raised when a captured change reaches the proxies.</summary>
    public event Action<PolicySnapshot>? Applied;

    /// <summary>Changes captured but not yet enforced.</summary>
    public int PendingChanges
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    private void OnChanged(StoreChange change)
    {
        if (change.Resource.Group != PolicyRef.LinkerdGroup || !PolicySnapshot.Kinds.Contains(change.Resource.Kind))
        {
            return;
        }

        // Runs inside the store's lock (re-entrant for this thread): the capture sees exactly this change.
        var snapshot = PolicySnapshot.Capture(_store);
        var delay = PropagationDelay;
        if (delay <= TimeSpan.Zero)
        {
            Apply(snapshot);
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            ITimer? timer = null;
            timer = _time.CreateTimer(
                _ =>
                {
                    lock (_gate)
                    {
                        _pending.Remove(timer!);
                    }

                    timer!.Dispose();
                    Apply(snapshot);
                },
                null,
                delay,
                Timeout.InfiniteTimeSpan);
            _pending.Add(timer);
        }
    }

    private void Apply(PolicySnapshot snapshot)
    {
        lock (_gate)
        {
            if (_disposed || snapshot.Sequence <= _active.Sequence)
            {
                return;
            }

            Volatile.Write(ref _active, snapshot);
        }

        Applied?.Invoke(snapshot);
    }

    public void Dispose()
    {
        _store.Changed -= OnChanged;
        lock (_gate)
        {
            _disposed = true;
            foreach (var t in _pending)
            {
                t.Dispose();
            }

            _pending.Clear();
        }
    }
}
