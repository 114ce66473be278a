namespace Deepthought.Twin.Ceph;

/// <summary>
/// Many healthy twins may share the one Ceph cluster at once; a twin that injects a fault (stops an OSD, sets a flag)
/// needs it alone until it has restored it. Writers are preferred so a fault twin is not starved by a stream of
/// healthy ones. Waiting has a deadline: a deadlock (one test holding two twins) becomes a clear error.
/// </summary>
internal sealed class SharedExclusiveGate
{
    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource> _writers = new();
    private readonly List<TaskCompletionSource> _readers = [];
    private int _activeReaders;
    private bool _writerActive;

    public async Task<IDisposable> EnterAsync(bool exclusive, TimeSpan deadline, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (exclusive ? !_writerActive && _activeReaders == 0 : !_writerActive && _writers.Count == 0)
            {
                Grant(exclusive);
                return new Release(this, exclusive);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (exclusive)
            {
                _writers.Enqueue(waiter);
            }
            else
            {
                _readers.Add(waiter);
            }
        }

        try
        {
            await waiter.Task.WaitAsync(deadline, cancellationToken);
            return new Release(this, exclusive);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_lock)
            {
                // Granted in the meantime: give it back; else leave the queue.
                if (waiter.Task.IsCompletedSuccessfully)
                {
                    Exit(exclusive);
                }
                else if (exclusive)
                {
                    var rest = _writers.Where(w => w != waiter).ToList();
                    _writers.Clear();
                    rest.ForEach(_writers.Enqueue);
                    GrantWaiting();
                }
                else
                {
                    _readers.Remove(waiter);
                }
            }

            if (e is TimeoutException)
            {
                throw new TimeoutException($"the shared Ceph cluster stayed in use for {deadline.TotalSeconds:0} s: a fault scenario holds it alone (does one test hold two twins at once?)", e);
            }

            throw;
        }
    }

    private void Grant(bool exclusive)
    {
        if (exclusive)
        {
            _writerActive = true;
        }
        else
        {
            _activeReaders++;
        }
    }

    private void Exit(bool exclusive)
    {
        if (exclusive)
        {
            _writerActive = false;
        }
        else
        {
            _activeReaders--;
        }

        GrantWaiting();
    }

    // Called under the lock: the next writer when the gate is free, else every waiting reader when no writer waits.
    private void GrantWaiting()
    {
        if (_writerActive)
        {
            return;
        }

        if (_writers.Count > 0)
        {
            if (_activeReaders == 0)
            {
                _writerActive = true;
                _writers.Dequeue().TrySetResult();
            }

            return;
        }

        foreach (var r in _readers)
        {
            _activeReaders++;
            r.TrySetResult();
        }

        _readers.Clear();
    }

    private sealed class Release(SharedExclusiveGate gate, bool exclusive) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                lock (gate._lock)
                {
                    gate.Exit(exclusive);
                }
            }
        }
    }
}
