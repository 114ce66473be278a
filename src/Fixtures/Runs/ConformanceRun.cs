using System.Reflection;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Fixtures.Evidence;
using Deepthought.Fixtures.Reports;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;

namespace Deepthought.Fixtures.Runs;

/// <summary>
/// One conformance run: settings → profile → target session → probes → check engine → reports. The xunit suite and
/// the CLI both drive it, so `dotnet test` and `deepthought run` judge alike.
/// </summary>
public sealed class ConformanceRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _runToken = new();

    private readonly TimeProvider _time;

    private ConformanceRun(RunSettings settings, ClusterProfile profile, TargetSession session, TimeProvider time, DateTimeOffset started)
    {
        _time = time;
        Settings = settings;
        Profile = profile;
        Session = session;
        Started = started;
    }

    public RunSettings Settings { get; }

    public ClusterProfile Profile { get; }

    public TargetSession Session { get; }

    public CheckEngine Engine { get; private set; } = null!;

    public DateTimeOffset Started { get; }

    public static string HarnessVersion =>
        typeof(ConformanceRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Starts the run; a wrong configuration throws <see cref="ConfigurationException"/> (exit code 2).</summary>
    public static async Task<ConformanceRun> StartAsync(RunSettings settings, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        if (settings.Target != TargetKind.Provisioned)
        {
            return await StartAsync(settings, ProfileLoader.Load(settings.ProfilePath), time, cancellationToken);
        }

        // The provisioned target builds its cluster and writes its own profile (the kind nodes; no Talos, no Ceph).
        var started = time.GetUtcNow();
        var (session, profile) = await new Provisioned.ProvisionedTarget(time: time).StartAsync(settings, cancellationToken);
        return await AttachAsync(settings, profile, session, time, started);
    }

    /// <summary>Starts a twin or attach run with a profile already loaded (the tests' edited profiles; the CLI loads
    /// <see cref="RunSettings.ProfilePath"/> through the overload above).</summary>
    public static async Task<ConformanceRun> StartAsync(RunSettings settings, ClusterProfile profile, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var started = time.GetUtcNow();
        var session = settings.Target switch
        {
            TargetKind.Twin => await TwinTargets.Factory.StartAsync(settings, profile, time, cancellationToken),
            TargetKind.Attach => AttachTarget.Connect(settings.Kubeconfig, settings.KubeContext, settings.Talosconfig, null, "attach", talosEndpoints: new TalosEndpointChoice(
                settings.TalosEndpoints,
                RunSettingNames.TalosEndpoints,
                profile.ControlPlanes.Select(n => n.Ip).ToList()) { Nodes = profile.Nodes.Select(n => n.Ip).ToList() }),
            _ => throw new ConfigurationException($"{RunSettingNames.Target}={settings.Target}: not a target; allowed: twin, attach, provisioned"),
        };
        return await AttachAsync(settings, profile, session, time, started);
    }

    private static async Task<ConformanceRun> AttachAsync(RunSettings settings, ClusterProfile profile, TargetSession session, TimeProvider time, DateTimeOffset started)
    {
        try
        {
            session.Notices.AddRange(TalosEndpointNotice(session.Connections));
            Acceptance.AcceptanceHook.Attach(session.Connections, profile, settings.Mode, time); // acceptance mode only: the ledgered writes
            var run = new ConformanceRun(settings, profile, session, time, started);
            run.Engine = run.FreshEngine();
            return run;
        }
        catch
        {
            await session.DisposeAsync(); // a provisioned cluster is deleted, a twin stopped, when the run cannot start
            throw;
        }
    }

    /// <summary>
    /// An engine over the run's session as the run judges (the probes over its connections, its services, its
    /// clock), with nothing observed or judged yet. The run's own <see cref="Engine"/> is one; tests that change the
    /// twin between judgements take another, optionally judging against an edited <paramref name="profile"/>.
    /// </summary>
    public CheckEngine FreshEngine(ClusterProfile? profile = null)
    {
        var cache = ProbeModules.RegisterAll(new ObservationCache { RunToken = _runToken.Token }, Session.Connections);
        var services = new Dictionary<Type, object>(Session.Connections.Extras) { [typeof(ClusterConnections)] = Session.Connections };
        return new CheckEngine(CheckCatalog.All, new CheckContext(profile ?? Profile, Settings.Mode, _time, cache, services));
    }

    public CancellationToken Token => _runToken.Token;

    // Says so in the report when the profile's control-plane IPs stand in for the talosconfig's missing endpoints; a
    // talosconfig that does not load is the Talos checks' finding, not a start-up error.
    private static IEnumerable<string> TalosEndpointNotice(ClusterConnections connections)
    {
        if (connections.TalosEndpoints.Count > 0)
        {
            yield break;
        }

        string? notice = null;
        try
        {
            var config = Checks.Talos.Talosconfig.Load(connections.TalosconfigPath, connections.TalosContext);
            Checks.Talos.TalosEndpoints.Resolve(config, connections.TalosEndpoints, connections.TalosEndpointsSource, connections.TalosFallbackEndpoints, out notice);
        }
        catch (ConfigurationException)
        {
        }

        if (notice is not null)
        {
            yield return notice;
        }
    }

    public Task<CheckResult> EvaluateAsync(string checkId) =>
        SkippedBecauseOfTarget(checkId) is { } skipped ? Task.FromResult(skipped) : Engine.EvaluateAsync(checkId, _runToken.Token);

    /// <summary>Runs the phases; a phase the target cannot have (<see cref="TargetSession.SkippedPhases"/>) is skipped
    /// with its reason, except its checks that a check of a phase that runs depends on.</summary>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(IEnumerable<Phase> phases)
    {
        if (Session.SkippedPhases.Count == 0)
        {
            return await Engine.RunAsync(phases, _runToken.Token);
        }

        var results = new List<CheckResult>();
        foreach (var phase in phases.Distinct().Order())
        {
            if (!Session.SkippedPhases.ContainsKey(phase))
            {
                results.AddRange(await Engine.RunAsync([phase], _runToken.Token));
                continue;
            }

            foreach (var check in CheckCatalog.All.Where(c => c.Phase == phase))
            {
                results.Add(await EvaluateAsync(check.Id));
            }
        }

        return results;
    }

    private CheckResult? SkippedBecauseOfTarget(string checkId)
    {
        var check = CheckCatalog.All.FirstOrDefault(c => c.Id == checkId);
        if (check is null || !Session.SkippedPhases.TryGetValue(check.Phase, out var reason) || NeededByRunningPhases(checkId))
        {
            return null;
        }

        return new CheckResult(check, Verdict.Skip(reason), Engine.Context.Time.GetUtcNow(), TimeSpan.Zero);
    }

    // A check of a skipped phase still runs when a check of a phase that runs depends on it (talos.kubernetes-api).
    private bool NeededByRunningPhases(string checkId)
    {
        var byId = CheckCatalog.All.ToDictionary(c => c.Id);
        var pending = new Stack<string>(CheckCatalog.All.Where(c => !Session.SkippedPhases.ContainsKey(c.Phase)).SelectMany(c => c.DependsOn));
        var seen = new HashSet<string>();
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (id == checkId)
            {
                return true;
            }

            if (seen.Add(id) && byId.TryGetValue(id, out var dep))
            {
                foreach (var next in dep.DependsOn)
                {
                    pending.Push(next);
                }
            }
        }

        return false;
    }

    public RunReport BuildReport(IEnumerable<CheckResult> results)
    {
        var ordered = results.OrderBy(r => r.Phase).ThenBy(r => IndexOf(r.Check)).ToList();
        var metadata = new RunMetadata(
            Session.Name,
            Settings.Mode.ToString().ToLowerInvariant(),
            Profile.Name,
            Profile.SourcePath,
            Settings.Scenario.Length == 0 ? "none" : Settings.Scenario,
            HarnessVersion,
            Started,
            Engine.Context.Time.GetUtcNow(),
            Session.Notices,
            Session.Facts);
        var provisioning = Session.Connections.Extras.TryGetValue(typeof(Checks.Policy.IAcceptanceActions), out var actions) && actions is Acceptance.AcceptanceActions a
            ? a.ProvisioningFailures
            : [];
        return new RunReport(metadata, ordered) { ProvisioningFailures = provisioning };
    }

    /// <summary>
    /// Collects what a person would look at next for the failed checks (events and pods of their namespaces, read-only,
    /// within <see cref="EvidenceBudget"/>), then writes the reports. Returns the run's folder, its document and what
    /// changed since the previous run (compared with <paramref name="previousResults"/> or the newest earlier run of the
    /// same target and profile in the reports folder).
    /// </summary>
    public async Task<WrittenReports> WriteReportsAsync(IEnumerable<CheckResult> results, string? previousResults = null, CancellationToken cancellationToken = default)
    {
        var list = results.ToList();
        var evidence = FailureEvidence.None;
        if (list.Any(r => r.Outcome == Outcome.Fail))
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(EvidenceBudget);
            try
            {
                evidence = await FailureEvidenceCollector.CollectAsync(Session.Connections, list, budget.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Session.Notices.Add($"failure evidence (events, pods) not collected within {EvidenceBudget.TotalSeconds:0} s");
            }
        }

        var report = BuildReport(list) with { FailureEvidence = evidence };
        var (folder, document, changes) = ReportWriter.WriteWithChanges(report, Settings.ReportsDirectory, previousResults);
        return new WrittenReports(folder, document, changes);
    }

    /// <summary>How long collecting failure evidence may take after the run.</summary>
    public static TimeSpan EvidenceBudget { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Evaluates the given checks (their dependencies first, unreported) and returns their results in seed order.</summary>
    /// <summary>Runs the given checks as the engine orders them (the acceptance sequence one step after another, its
    /// cleanup last); results in catalog order.</summary>
    public async Task<IReadOnlyList<CheckResult>> RunChecksAsync(IEnumerable<string> checkIds)
    {
        var ids = checkIds.Distinct(StringComparer.Ordinal).ToList();
        var skipped = ids.Select(SkippedBecauseOfTarget).OfType<CheckResult>().ToList();
        var results = await Engine.RunAsync(ids.Where(id => skipped.All(r => r.Check.Id != id)), _runToken.Token);
        return results.Concat(skipped).OrderBy(r => r.Phase).ThenBy(r => IndexOf(r.Check)).ToList();
    }

    private static int IndexOf(ICheck check)
    {
        for (var i = 0; i < CheckCatalog.All.Count; i++)
        {
            if (CheckCatalog.All[i].Id == check.Id)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    public void Cancel() => _runToken.Cancel();

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        _runToken.Dispose();
    }
}

/// <summary>The reports a run wrote: its folder, the results document, and the changes since the previous run (null: none found).</summary>
public sealed record WrittenReports(string Folder, ResultsDocument Document, RunChanges? Changes);
