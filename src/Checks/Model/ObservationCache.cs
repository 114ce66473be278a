using System.Collections.Concurrent;

namespace Deepthought.Checks.Model;

/// <summary>Where checks get observations from; each observation type is gathered once per run.</summary>
public interface IObservationSource
{
    Task<T> GetAsync<T>(CancellationToken cancellationToken)
        where T : class;
}

/// <summary>
/// Lazily gathers each observation type once (its probe runs on first use; concurrent users share the task), so
/// the number of API requests grows with the number of observation types, not with checks or objects. A failed
/// probe is remembered too: every check that needs it fails with the same cause.
/// </summary>
public sealed class ObservationCache : IObservationSource
{
    private readonly ConcurrentDictionary<Type, Func<CancellationToken, Task<object>>> _probes = new();
    private readonly ConcurrentDictionary<Type, Lazy<Task<object>>> _results = new();

    public ObservationCache Register<T>(Func<CancellationToken, Task<T>> probe)
        where T : class
    {
        _probes[typeof(T)] = async ct => await probe(ct);
        return this;
    }

    public bool IsRegistered<T>() => _probes.ContainsKey(typeof(T));

    public async Task<T> GetAsync<T>(CancellationToken cancellationToken)
        where T : class
    {
        if (!_probes.TryGetValue(typeof(T), out var probe))
        {
            throw new InvalidOperationException($"no probe is registered for observation {typeof(T).Name}");
        }

        // The probe runs under the run's token, not the first caller's, so one check's cancellation does not
        // poison the cached observation for the others.
        var lazy = _results.GetOrAdd(typeof(T), _ => new Lazy<Task<object>>(() => probe(RunToken)));
        return (T)await lazy.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets an observation so the next use gathers it again (polled checks, acceptance steps).</summary>
    public void Invalidate<T>() => _results.TryRemove(typeof(T), out _);

    public void InvalidateAll() => _results.Clear();

    /// <summary>The token probes run under: the whole run's.</summary>
    public CancellationToken RunToken { get; set; } = CancellationToken.None;
}
