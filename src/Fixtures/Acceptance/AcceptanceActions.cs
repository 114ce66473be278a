using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Profile;

namespace Deepthought.Fixtures.Acceptance;

/// <summary>
/// The acceptance writes, through the Kubernetes API with the admin identity, each recorded in the
/// <see cref="CleanupLedger"/>. Whatever happens — a failed step, a cancelled run, the test host exiting — the
/// ledger is unwound: by the policy.no-leftovers check, else when the run's connections are disposed, else on
/// process exit.
/// </summary>
public sealed partial class AcceptanceActions : IAcceptanceActions, IDisposable
{
    private readonly IObjectClient _client;
    private readonly IDisposable? _owned;
    private readonly ClusterProfile _profile;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _cleanupGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _provisioning = new();
    private bool _disposed;

    public AcceptanceActions(IObjectClient client, ClusterProfile profile, TimeProvider time, IDisposable? owned = null)
    {
        _client = client;
        _profile = profile;
        _time = time;
        _owned = owned;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public CleanupLedger Ledger { get; } = new();

    /// <summary>
    /// What the acceptance setup could not provide (the probe's namespace, service account or pod refused, its image
    /// not started, a policy object refused by RBAC): the reports show each as an Infrastructure/Provisioning failure.
    /// </summary>
    public IReadOnlyList<string> ProvisioningFailures => _provisioning.ToList();

    private void Provisioning(string failure) => _provisioning.Enqueue(failure);

    /// <summary>Runs a setup write; a refusal is recorded as a provisioning failure, then rethrown.</summary>
    private async Task<T> SetupAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (ObjectClientException e)
        {
            Provisioning(e.Message);
            throw;
        }
    }

    /// <summary>How long cleanup may take in all (each undo is bounded too).</summary>
    public TimeSpan CleanupBudget { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a deleted object may take to disappear (pods terminate, namespaces drain).</summary>
    public TimeSpan GoneBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The last cleanup's report (tests, and the run's log when disposal cleaned up).</summary>
    public CleanupReport? LastCleanup { get; private set; }

    public Task<JsonObject?> GetAsync(ObjectRef target, CancellationToken cancellationToken) => Guard(() => _client.GetAsync(target, cancellationToken));

    public Task<JsonObject?> SetAsideAsync(ObjectRef target, JsonObject restoreAs, CancellationToken cancellationToken) =>
        Guard(() => SetupAsync(() => SetAsideCoreAsync(target, restoreAs, cancellationToken)));

    public Task<ObjectRef> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken) => Guard(() => SetupAsync(() => ApplyCoreAsync(manifest, cancellationToken)));

    /// <summary>API failures reach checks as probe failures: one line saying what was refused and why.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ObjectClientException e)
        {
            throw new ProbeException(e.Message, e);
        }
    }

    private async Task<JsonObject?> SetAsideCoreAsync(ObjectRef target, JsonObject restoreAs, CancellationToken cancellationToken)
    {
        var current = await _client.GetAsync(target, cancellationToken);
        if (current is null)
        {
            return null;
        }

        if (IsOurs(current))
        {
            Ledger.RecordCreated(target); // a leftover of an earlier run: ours to remove, not to restore
        }
        else
        {
            // Exactly what was there (labels, annotations, owner references, spec), not the project's manifest.
            Ledger.RecordSetAside(target, Stripped(current));
        }

        await DeleteAndWaitAsync(target, cancellationToken);
        return current;
    }

    private async Task<ObjectRef> ApplyCoreAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        var obj = Labelled(manifest);
        var target = ObjectRef.Of(obj);
        var current = await _client.GetAsync(target, cancellationToken);
        if (current is null)
        {
            Ledger.RecordCreated(target);
            await _client.CreateAsync(obj, cancellationToken);
            return target;
        }

        if (!IsOurs(current))
        {
            Ledger.RecordSetAside(target, Stripped(current)); // never overwrite the cluster's object without a way back
        }

        Ledger.RecordCreated(target);
        obj["metadata"]!["resourceVersion"] = current.Str("metadata", "resourceVersion");
        await _client.ReplaceAsync(obj, cancellationToken);
        return target;
    }

    public static bool IsOurs(JsonNode obj) =>
        obj.Str("metadata", "labels", IAcceptanceActions.ManagedByLabel) == IAcceptanceActions.ManagedByValue;

    /// <summary>A copy of the manifest carrying the harness's label.</summary>
    public static JsonObject Labelled(JsonObject manifest)
    {
        var obj = Stripped(manifest);
        var meta = (JsonObject)obj["metadata"]!;
        if (meta["labels"] is not JsonObject labels)
        {
            labels = [];
            meta["labels"] = labels;
        }

        labels[IAcceptanceActions.ManagedByLabel] = IAcceptanceActions.ManagedByValue;
        return obj;
    }

    /// <summary>A copy without server-owned fields (status, uid, resourceVersion...), fit to create again.</summary>
    public static JsonObject Stripped(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject meta)
        {
            foreach (var field in new[] { "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink" })
            {
                meta.Remove(field);
            }
        }

        return copy;
    }

    private void OnProcessExit(object? sender, EventArgs e) => CleanupNow(TimeSpan.FromSeconds(20));

    /// <summary>Unwinds what is left in the ledger synchronously (disposal and process exit cannot await).</summary>
    private void CleanupNow(TimeSpan limit)
    {
        if (Ledger.IsEmpty)
        {
            return;
        }

        try
        {
            _ = CleanupAsync(CancellationToken.None).Wait(limit);
        }
        catch (AggregateException)
        {
            // Best effort at exit: the leak check of the next run will find what remains.
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        CleanupNow(CleanupBudget);
        _owned?.Dispose();
        _cleanupGate.Dispose();
    }
}
