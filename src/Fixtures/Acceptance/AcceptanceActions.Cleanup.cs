using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;

namespace Deepthought.Fixtures.Acceptance;

public sealed partial class AcceptanceActions
{
    /// <summary>
    /// Unwinds the ledger newest first, then lists every kind acceptance writes for the harness's label. Runs under its
    /// own budget, not the caller's token: a cancelled run must still clean up. A failed undo does not stop the
    /// others; it is retried once after them.
    /// </summary>
    public async Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(CleanupBudget);
        await _cleanupGate.WaitAsync(budget.Token);
        try
        {
            var entries = Ledger.TakeForUnwinding();
            var steps = new List<CleanupStep>();
            var failed = new List<(int Index, LedgerEntry Entry)>();
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (entry.Action == LedgerAction.Delete && entries.Skip(i + 1).Any(e => e.Action == LedgerAction.Restore && e.SameObject(entry.Target)))
                {
                    // Restored in place further down: deleting first would open a window with no policy at all.
                    steps.Add(new CleanupStep($"hand {entry.Target} over to its restore", true, "", false));
                    continue;
                }

                var error = await UndoAsync(entry, budget.Token);
                steps.Add(new CleanupStep(entry.Description, error is null, error ?? "", false));
                if (error is not null)
                {
                    failed.Add((steps.Count - 1, entry));
                }
            }

            foreach (var (index, entry) in failed)
            {
                if (await UndoAsync(entry, budget.Token) is null)
                {
                    steps[index] = steps[index] with { RecoveredOnRetry = true };
                }
            }

            var (leftovers, errors) = await LeakCheckAsync(budget.Token);
            var report = new CleanupReport(steps, leftovers, errors);
            LastCleanup = report;
            return report;
        }
        finally
        {
            _cleanupGate.Release();
        }
    }

    /// <summary>Undoes one entry; null when done, else what went wrong.</summary>
    private async Task<string?> UndoAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            if (entry.Action == LedgerAction.Delete)
            {
                await DeleteAndWaitAsync(entry.Target, cancellationToken);
            }
            else
            {
                await RestoreAsync(entry.Target, entry.RestoreAs!, cancellationToken);
            }

            return null;
        }
        catch (ObjectClientException e)
        {
            return e.Message;
        }
        catch (ProbeException e)
        {
            return $"{entry.Description}: {e.Message}";
        }
        catch (OperationCanceledException)
        {
            return $"{entry.Description}: not done within the cleanup budget of {CleanupBudget.TotalSeconds:0} s";
        }
    }

    private async Task RestoreAsync(ObjectRef target, JsonObject restoreAs, CancellationToken cancellationToken)
    {
        var obj = Stripped(restoreAs);
        var current = await _client.GetAsync(target, cancellationToken);
        if (current is null)
        {
            await _client.CreateAsync(obj, cancellationToken);
            return;
        }

        obj["metadata"]!["resourceVersion"] = current.Str("metadata", "resourceVersion");
        await _client.ReplaceAsync(obj, cancellationToken);
    }

    /// <summary>Deletes and waits until the object is gone (pods terminate and namespaces drain on a real cluster).</summary>
    private async Task DeleteAndWaitAsync(ObjectRef target, CancellationToken cancellationToken)
    {
        if (!await _client.DeleteAsync(target, cancellationToken))
        {
            return;
        }

        var gone = await Poll.UntilAsync(
            async ct =>
            {
                var current = await _client.GetAsync(target, ct);
                var state = current is null ? "gone"
                    : current.Str("metadata", "deletionTimestamp") is { Length: > 0 } since ? $"still present, terminating since {since}"
                    : "still present";
                return new Attempt<bool>(current is null, current is null, state);
            },
            TimeSpan.FromMilliseconds(250),
            TimeSpan.FromSeconds(10),
            GoneBudget,
            _time,
            cancellationToken);
        if (!gone.Succeeded)
        {
            throw new ObjectClientException(0, $"delete {target}: {gone.LastState} after {gone.Elapsed.TotalSeconds:0.#} s");
        }
    }

    private async Task<(IReadOnlyList<string> Leftovers, IReadOnlyList<string> Errors)> LeakCheckAsync(CancellationToken cancellationToken)
    {
        var selector = $"{IAcceptanceActions.ManagedByLabel}={IAcceptanceActions.ManagedByValue}";
        var leftovers = new List<string>();
        var errors = new List<string>();
        foreach (var kind in AcceptanceKinds.LeakChecked)
        {
            var k = AcceptanceKinds.Find(kind);
            try
            {
                foreach (var o in await _client.ListAsync(k.ApiVersion, k.Kind, selector, cancellationToken))
                {
                    leftovers.Add(ObjectRef.Of(o).ToString());
                }
            }
            catch (ObjectClientException e) when (e.Status == 404)
            {
                // The cluster does not serve this kind: nothing of it can be left.
            }
            catch (ObjectClientException e)
            {
                errors.Add(e.Message);
            }
        }

        return (leftovers, errors);
    }
}
