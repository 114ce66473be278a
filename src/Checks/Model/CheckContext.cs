using Deepthought.Protocols;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Model;

/// <summary>Everything a check may use: the profile, the mode, the clock, observations and (acceptance) actions.</summary>
public sealed class CheckContext
{
    private readonly IReadOnlyDictionary<Type, object> _services;

    public CheckContext(
        ClusterProfile profile,
        RunMode mode,
        TimeProvider time,
        IObservationSource observations,
        IReadOnlyDictionary<Type, object>? services = null)
    {
        Profile = profile;
        Mode = mode;
        Time = time;
        Observations = observations;
        _services = services ?? new Dictionary<Type, object>();
    }

    public ClusterProfile Profile { get; }

    public RunMode Mode { get; }

    public TimeProvider Time { get; }

    public IObservationSource Observations { get; }

    public Task<T> ObserveAsync<T>(CancellationToken cancellationToken)
        where T : class => Observations.GetAsync<T>(cancellationToken);

    /// <summary>A service the target offers checks (e.g. the acceptance actions); throws a clear error when absent.</summary>
    public T Service<T>()
        where T : class =>
        _services.TryGetValue(typeof(T), out var s)
            ? (T)s
            : throw new ProbeException($"this target offers no {typeof(T).Name}; the check cannot run here");

    public bool HasService<T>() => _services.ContainsKey(typeof(T));
}
