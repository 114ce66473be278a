using System.Threading.Channels;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Kubectl.Watch;

/// <summary>
/// The store's changes for watchers: a window of recent changes (so a watch from a list's resourceVersion misses
/// nothing written in between) and a channel per watcher. Runs inside the store's change order.
/// </summary>
public sealed class ChangeFeed : IDisposable
{
    private readonly KubeStore _store;
    private readonly int _window;
    private readonly object _gate = new();
    private readonly LinkedList<StoreChange> _recent = new();
    private readonly List<Channel<StoreChange>> _subscribers = [];
    private long _oldestKept;

    public ChangeFeed(KubeStore store, int window = 4096)
    {
        _store = store;
        _window = window;
        _oldestKept = store.CurrentResourceVersion;
        store.Changed += OnChanged;
    }

    /// <summary>
    /// Subscribes to every change after <paramref name="fromVersion"/>; null when that version is older than the
    /// window (the caller answers 410 Gone, and clients relist).
    /// </summary>
    public Subscription? Subscribe(long fromVersion)
    {
        var channel = Channel.CreateUnbounded<StoreChange>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (fromVersion < _oldestKept)
            {
                return null;
            }

            foreach (var c in _recent.Where(c => c.ResourceVersion > fromVersion))
            {
                channel.Writer.TryWrite(c);
            }

            _subscribers.Add(channel);
        }

        return new Subscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
        });
    }

    private void OnChanged(StoreChange change)
    {
        lock (_gate)
        {
            _recent.AddLast(change);
            while (_recent.Count > _window)
            {
                _oldestKept = _recent.First!.Value.ResourceVersion;
                _recent.RemoveFirst();
            }

            foreach (var s in _subscribers)
            {
                s.Writer.TryWrite(change);
            }
        }
    }

    public void Dispose()
    {
        _store.Changed -= OnChanged;
        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                s.Writer.TryComplete();
            }

            _subscribers.Clear();
        }
    }

    /// <summary>A watcher's view of the feed; dispose to stop receiving.</summary>
    public sealed class Subscription(ChannelReader<StoreChange> reader, Action dispose) : IDisposable
    {
        public ChannelReader<StoreChange> Reader { get; } = reader;

        public void Dispose() => dispose();
    }
}
