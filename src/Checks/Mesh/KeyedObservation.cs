using System.Collections.Concurrent;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// An observation gathered per key (a namespace, a proxy path) because its probe needs a value only the profile
/// knows. Each key is fetched once per run, under the run's token (one check's cancellation does not poison the
/// cached answer for the others); callers wait with their own token.
/// </summary>
public abstract class KeyedObservation<T>
{
    private readonly Func<string, CancellationToken, Task<T>> _fetch;
    private readonly CancellationToken _runToken;
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _answers = new(StringComparer.Ordinal);

    protected KeyedObservation(Func<string, CancellationToken, Task<T>> fetch, CancellationToken runToken)
    {
        _fetch = fetch;
        _runToken = runToken;
    }

    protected Task<T> GetAsync(string key, CancellationToken cancellationToken) =>
        _answers.GetOrAdd(key, k => new Lazy<Task<T>>(() => _fetch(k, _runToken))).Value.WaitAsync(cancellationToken);
}
