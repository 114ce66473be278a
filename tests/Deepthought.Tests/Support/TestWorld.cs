using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.Twin.Kubernetes.Api.Rbac;
using Deepthought.TwinTarget;
using k8s;

namespace Deepthought.Tests.Support;

/// <summary>What a <see cref="TestWorld"/> is made of; every part has the healthy seed's default.</summary>
public sealed record WorldOptions
{
    /// <summary>Scenarios to inject, comma-separated as DEEPTHOUGHT_SCENARIO takes them ("" = the healthy seed).</summary>
    public string Scenario { get; init; } = "";

    /// <summary>A profile file under profiles/ (default deepthought.yaml).</summary>
    public string ProfileFile { get; init; } = "deepthought.yaml";

    /// <summary>A profile to use instead of the file (a mutation of <see cref="Repo.LoadProfile"/>).</summary>
    public ClusterProfile? Profile { get; init; }

    /// <summary>An edit of the profile file's YAML text before it is parsed (the edited text keeps the file's name).</summary>
    public Func<string, string>? EditYaml { get; init; }

    public RunMode Mode { get; init; } = RunMode.Audit;

    /// <summary>The twin's and the checks' clock (a FakeTimeProvider for tests that move time).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The auditor role the twin enforces (profiles/rbac/auditor.yaml or auditor-no-secrets.yaml).</summary>
    public string AuditorPolicy { get; init; } = RbacPolicy.AuditorFile;

    /// <summary>Whether a missing etcd/Ceph backend fails the twin's start (default: <see cref="Backends.Required"/>).</summary>
    public bool? RequireRealBackends { get; init; }

    /// <summary>Twin components left out (see <see cref="TestWorld.Only"/> and <see cref="TestWorld.Without"/>); the API server always stays.</summary>
    public IReadOnlySet<Type> Exclude { get; init; } = new HashSet<Type>();

    /// <summary>Serve kubectl's forms too (Deepthought.Twin.Kubectl), as <c>deepthought twin</c> does: tests that drive the real kubectl.</summary>
    public bool Kubectl { get; init; }
}

/// <summary>
/// The one test world: a twin started through the product's own target path (<see cref="ConformanceRun"/> →
/// <see cref="TwinTarget"/> → kubeconfig and talosconfig), judged by the real probes and the check engine as a run
/// judges. It hands tests the twin (store, request log, fault injection) and disposes everything.
/// </summary>
public sealed class TestWorld : IAsyncDisposable
{
    private TestWorld(ConformanceRun run)
    {
        Run = run;
    }

    public ConformanceRun Run { get; }

    public TargetSession Session => Run.Session;

    public DeepthoughtTwin Twin => Run.Session.Twin()!;

    public TwinContext Context => Twin.Context;

    public KubeStore Store => Context.Store;

    public ClusterProfile Profile => Run.Profile;

    public RunMode Mode => Run.Settings.Mode;

    public TimeProvider Time => Run.Engine.Context.Time;

    public string KubeconfigPath => Twin.KubeconfigPath;

    /// <summary>The run's observations (what its probes saw; memoized like the run's verdicts).</summary>
    public IObservationSource Observations => Run.Engine.Context.Observations;

    public RequestLog Log => Context.Find<RequestLog>() ?? throw new InvalidOperationException("the twin has no request log (no API server)");

    public static Task<TestWorld> StartAsync(string scenario = "", RunMode mode = RunMode.Audit) =>
        StartAsync(new WorldOptions { Scenario = scenario, Mode = mode });

    public static async Task<TestWorld> StartAsync(WorldOptions options, CancellationToken cancellationToken = default)
    {
        var file = Path.Combine(Repo.Root, "profiles", options.ProfileFile);
        var profile = options.Profile
            ?? (options.EditYaml is { } edit ? ProfileLoader.Parse(edit(await File.ReadAllTextAsync(file, cancellationToken)), file) : ProfileLoader.Load(file));
        var settings = new RunSettings
        {
            Target = TargetKind.Twin,
            Mode = options.Mode,
            Scenario = options.Scenario,
            ProfilePath = profile.SourcePath,
            ReportsDirectory = Path.Combine(Path.GetTempPath(), "deepthought-test-reports"),
            RequireRealBackends = options.RequireRealBackends ?? Backends.Required,
            TwinAuditorPolicy = options.AuditorPolicy,
            TwinExclude = options.Exclude.Where(t => t != typeof(KubeApiServer)).ToHashSet(),
            TwinKubectl = options.Kubectl,
        };
        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        start.CancelAfter(TimeSpan.FromSeconds(120));
        return new TestWorld(await ConformanceRun.StartAsync(settings, profile, options.Time, start.Token));
    }

    /// <summary>Leaves out every twin component but these (and the API server, which the target path needs).</summary>
    public static IReadOnlySet<Type> Only(params Type[] keep) => Components(t => !keep.Contains(t));

    /// <summary>Leaves out the twin components of these namespaces (and their sub-namespaces).</summary>
    public static IReadOnlySet<Type> Without(params string[] namespaces) =>
        Components(t => namespaces.Any(n => t.Namespace == n || t.Namespace?.StartsWith(n + ".", StringComparison.Ordinal) == true));

    /// <summary>The Talos apids and the real etcd/Ceph backends: not needed above the Talos phase, and seconds per twin.</summary>
    public static IReadOnlySet<Type> WithoutTalosAndBackends => Without("Deepthought.Twin.Talos", "Deepthought.Twin.Etcd", "Deepthought.Twin.Ceph", "Deepthought.Twin.Storage");

    private static HashSet<Type> Components(Func<Type, bool> leaveOut) =>
        typeof(DeepthoughtTwin).Assembly.GetTypes()
            .Where(t => typeof(ITwinComponent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t != typeof(KubeApiServer) && leaveOut(t))
            .ToHashSet();

    /// <summary>Runs the phases (all when none are given) as the suite does; each check is judged once per world.</summary>
    public Task<IReadOnlyList<CheckResult>> RunAsync(params Phase[] phases) =>
        Run.RunAsync(phases.Length == 0 ? Enum.GetValues<Phase>() : phases);

    /// <summary>A check of the run (memoized: a second call returns the first verdict).</summary>
    public Task<CheckResult> EvaluateAsync(string checkId) => Run.EvaluateAsync(checkId);

    /// <summary>Judges checks on the twin as it is now: fresh observations and engine per call (optionally against an edited profile).</summary>
    public async Task<IReadOnlyDictionary<string, CheckResult>> JudgeAsync(IEnumerable<string> checkIds, ClusterProfile? profile = null)
    {
        var engine = Run.FreshEngine(profile);
        var results = new Dictionary<string, CheckResult>(StringComparer.Ordinal);
        foreach (var id in checkIds)
        {
            results[id] = await engine.EvaluateAsync(id, Run.Token);
        }

        return results;
    }

    public async Task<CheckResult> JudgeAsync(string checkId, ClusterProfile? profile = null) => (await JudgeAsync([checkId], profile))[checkId];

    /// <summary>A KubernetesClient for a context of the twin's kubeconfig (admin@… or auditor@…).</summary>
    public IKubernetes Client(string context) =>
        new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, currentContext: context));

    public ValueTask DisposeAsync() => Run.DisposeAsync();
}
