using System.Reflection;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Profile;
using Deepthought.Fixtures.Reports;
using Deepthought.Fixtures.Targets;

namespace Deepthought.Fixtures.Runs;

/// <summary>
/// One conformance run: settings → profile → target session → probes → check engine → reports. The xunit suite and
/// the CLI both drive it, so `dotnet test` and `deepthought run` judge alike.
/// </summary>
public sealed class ConformanceRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _runToken = new();

    private ConformanceRun(RunSettings settings, ClusterProfile profile, TargetSession session, CheckEngine engine, DateTimeOffset started)
    {
        Settings = settings;
        Profile = profile;
        Session = session;
        Engine = engine;
        Started = started;
    }

    public RunSettings Settings { get; }

    public ClusterProfile Profile { get; }

    public TargetSession Session { get; }

    public CheckEngine Engine { get; }

    public DateTimeOffset Started { get; }

    public static string HarnessVersion =>
        typeof(ConformanceRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Starts the run; a wrong configuration throws <see cref="ConfigurationException"/> (exit code 2).</summary>
    public static async Task<ConformanceRun> StartAsync(RunSettings settings, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var started = time.GetUtcNow();
        var profile = ProfileLoader.Load(settings.ProfilePath);
        var session = settings.Target switch
        {
            TargetKind.Twin => await TwinTarget.StartAsync(settings, profile, time, cancellationToken),
            TargetKind.Attach => AttachTarget.Connect(settings.Kubeconfig, settings.KubeContext, settings.Talosconfig, null, "attach"),
            _ => throw new ConfigurationException(
                "DEEPTHOUGHT_TARGET=provisioned: needs a Docker host that allows privileged containers (kind, K3s or Talos in Docker); this machine has none — use twin or attach"),
        };

        Acceptance.AcceptanceHook.Attach(session.Connections, profile, settings.Mode, time); // acceptance mode only: the ledgered writes
        var cache = ProbeModules.RegisterAll(new ObservationCache(), session.Connections);
        var services = new Dictionary<Type, object>(session.Connections.Extras) { [typeof(ClusterConnections)] = session.Connections };
        var context = new CheckContext(profile, settings.Mode, time, cache, services);
        var run = new ConformanceRun(settings, profile, session, new CheckEngine(CheckCatalog.All, context), started);
        cache.RunToken = run._runToken.Token;
        return run;
    }

    public CancellationToken Token => _runToken.Token;

    public Task<CheckResult> EvaluateAsync(string checkId) => Engine.EvaluateAsync(checkId, _runToken.Token);

    public Task<IReadOnlyList<CheckResult>> RunAsync(IEnumerable<Phase> phases) => Engine.RunAsync(phases, _runToken.Token);

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
        return new RunReport(metadata, ordered);
    }

    /// <summary>Writes the reports for the given results and returns the run's report folder.</summary>
    public string WriteReports(IEnumerable<CheckResult> results) => ReportWriter.Write(BuildReport(results), Settings.ReportsDirectory);

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
