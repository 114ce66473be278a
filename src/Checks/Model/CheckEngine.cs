using System.Collections.Concurrent;
using Deepthought.Protocols;

namespace Deepthought.Checks.Model;

/// <summary>
/// Runs checks: each once (memoized), its dependencies first; a failed fatal dependency turns the dependants into
/// <see cref="Outcome.Blocked"/> naming the root cause; a probe error becomes a failed verdict with its message; a
/// check that overruns its budget fails with what it last saw, never a hang.
/// </summary>
public sealed class CheckEngine
{
    private readonly IReadOnlyDictionary<string, ICheck> _checks;
    private readonly CheckContext _context;
    private readonly ConcurrentDictionary<string, Lazy<Task<CheckResult>>> _results = new();

    public CheckEngine(IEnumerable<ICheck> checks, CheckContext context, TimeSpan? checkBudget = null)
    {
        _checks = checks.ToDictionary(c => c.Id);
        _context = context;
        CheckBudget = checkBudget ?? TimeSpan.FromSeconds(120);
    }

    /// <summary>Raised as each check completes (console progress, reports).</summary>
    public event Action<CheckResult>? Completed;

    public TimeSpan CheckBudget { get; }

    public CheckContext Context => _context;

    public IEnumerable<CheckResult> Results =>
        _results.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result);

    public Task<CheckResult> EvaluateAsync(string id, CancellationToken cancellationToken)
    {
        if (!_checks.ContainsKey(id))
        {
            throw new KeyNotFoundException($"no check with id '{id}'");
        }

        return _results.GetOrAdd(id, key => new Lazy<Task<CheckResult>>(() => RunAsync(_checks[key], cancellationToken))).Value;
    }

    /// <summary>Runs the given phases in seed order; checks within a phase run concurrently unless ordered.</summary>
    public Task<IReadOnlyList<CheckResult>> RunAsync(IEnumerable<Phase> phases, CancellationToken cancellationToken)
    {
        var wanted = phases.ToHashSet();
        return RunAsync(_checks.Values.Where(c => wanted.Contains(c.Phase)).Select(c => c.Id), cancellationToken);
    }

    /// <summary>
    /// Runs the given checks phase by phase in seed order. Within a phase the unordered checks run concurrently, then
    /// the ordered ones (<see cref="IOrderedCheck"/>: the acceptance sequence) one after another by Order — so the
    /// last step (policy.no-leftovers) runs after every write it must undo, however the checks were selected.
    /// </summary>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(IEnumerable<string> checkIds, CancellationToken cancellationToken)
    {
        var ids = checkIds.Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in ids.Where(id => !_checks.ContainsKey(id)))
        {
            throw new KeyNotFoundException($"no check with id '{id}'");
        }

        var all = new List<CheckResult>();
        foreach (var phase in ids.Select(id => _checks[id].Phase).Distinct().Order())
        {
            var inPhase = ids.Select(id => _checks[id]).Where(c => c.Phase == phase).ToList();
            var ordered = inPhase.Where(c => c is IOrderedCheck).OrderBy(c => ((IOrderedCheck)c).Order).ToList();
            var free = inPhase.Except(ordered).Select(c => EvaluateAsync(c.Id, cancellationToken)).ToList();
            var results = (await Task.WhenAll(free)).ToList();
            foreach (var check in ordered)
            {
                results.Add(await EvaluateAsync(check.Id, cancellationToken));
            }

            all.AddRange(results.OrderBy(r => CatalogIndex(r.Check)));
        }

        return all;
    }

    private static int CatalogIndex(ICheck check)
    {
        var list = CheckCatalog.All;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Id == check.Id)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private async Task<CheckResult> RunAsync(ICheck check, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var started = _context.Time.GetUtcNow();
        var clock = Clock.StartTimer(_context.Time);
        var verdict = await JudgeAsync(check, cancellationToken);
        var result = new CheckResult(check, verdict, started, clock.Elapsed);
        Completed?.Invoke(result);
        return result;
    }

    private async Task<Verdict> JudgeAsync(ICheck check, CancellationToken cancellationToken)
    {
        if (!check.Modes.Contains(_context.Mode))
        {
            return Verdict.Skip($"runs in {string.Join(" and ", check.Modes.Select(m => m.ToString().ToLowerInvariant()))} mode only; this run is {_context.Mode.ToString().ToLowerInvariant()}");
        }

        foreach (var dependency in check.DependsOn)
        {
            if (!_checks.ContainsKey(dependency))
            {
                continue;
            }

            var dep = await EvaluateAsync(dependency, cancellationToken);
            if (dep.Outcome == Outcome.Blocked)
            {
                return dep.Verdict with { Attempts = 0 };
            }

            if (dep.Outcome == Outcome.Fail && dep.Check.Fatal)
            {
                return Verdict.Blocked(dep.Id, dep.Verdict.Message);
            }

            if (dep.Outcome == Outcome.Skip)
            {
                return Verdict.Skip($"{dep.Id} was skipped: {dep.Verdict.Message}");
            }
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(CheckBudget);
        try
        {
            return await check.EvaluateAsync(_context, budget.Token);
        }
        catch (ProbeException e)
        {
            return Verdict.Fail(e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Verdict.Fail($"no verdict within the check's budget of {CheckBudget.TotalSeconds:0} s");
        }
        catch (OperationCanceledException)
        {
            return Verdict.Skip("the run was cancelled");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Verdict.Fail($"the check could not run: {e.GetType().Name}: {e.Message}");
        }
    }
}
