using System.Text.Json.Nodes;
using Deepthought.Checks.Policy;

namespace Deepthought.Fixtures.Acceptance;

/// <summary>What cleanup does with a recorded object: delete the harness's copy, or restore the cluster's as it was.</summary>
public enum LedgerAction
{
    Delete,
    Restore,
}

/// <summary>One recorded change, undone at cleanup.</summary>
public sealed record LedgerEntry(long Sequence, LedgerAction Action, ObjectRef Target, JsonObject? RestoreAs)
{
    public string Description => Action == LedgerAction.Delete ? $"delete {Target}" : $"restore {Target} as it was";

    /// <summary>Same object whatever the apiVersion it was written with.</summary>
    public bool SameObject(ObjectRef other) => Target.Kind == other.Kind && Target.Namespace == other.Namespace && Target.Name == other.Name;
}

/// <summary>
/// The record of everything acceptance mode changed, in order. Cleanup takes the whole record at once (so a second
/// cleanup — the check, then the run's disposal — never undoes anything twice) and undoes it in reverse.
/// </summary>
public sealed class CleanupLedger
{
    private readonly object _gate = new();
    private readonly List<LedgerEntry> _entries = [];
    private long _sequence;

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count == 0;
            }
        }
    }

    public IReadOnlyList<LedgerEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToList();
            }
        }
    }

    /// <summary>Records that the harness created the object (cleanup deletes it). Recording the same object twice keeps the first entry.</summary>
    public void RecordCreated(ObjectRef target) => Record(LedgerAction.Delete, target, null);

    /// <summary>Records that the harness removed or overwrote one of the cluster's objects (cleanup restores it as given).</summary>
    public void RecordSetAside(ObjectRef target, JsonObject restoreAs) => Record(LedgerAction.Restore, target, (JsonObject)restoreAs.DeepClone());

    /// <summary>Takes every entry, newest first, leaving the ledger empty.</summary>
    public IReadOnlyList<LedgerEntry> TakeForUnwinding()
    {
        lock (_gate)
        {
            var taken = _entries.OrderByDescending(e => e.Sequence).ToList();
            _entries.Clear();
            return taken;
        }
    }

    private void Record(LedgerAction action, ObjectRef target, JsonObject? restoreAs)
    {
        lock (_gate)
        {
            if (_entries.Any(e => e.Action == action && e.SameObject(target)))
            {
                return;
            }

            _entries.Add(new LedgerEntry(++_sequence, action, target, restoreAs));
        }
    }
}
