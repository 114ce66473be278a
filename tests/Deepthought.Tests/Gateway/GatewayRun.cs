using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Tests.Support;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.TwinTarget;

namespace Deepthought.Tests.Gateway;

/// <summary>
/// A conformance run against the twin, as the suite does it (kubeconfig, API server, probes, engine), with the
/// emojivoto workloads behind the gateway: the twin's own mesh network when it has one, else (or when asked) the
/// tests' <see cref="FakeTwinNetwork"/> over stand-in emojivoto objects.
/// </summary>
public sealed class GatewayRun : IAsyncDisposable
{
    private string? _profileFolder;

    private GatewayRun(ConformanceRun run, KubeStore store, FakeTwinNetwork? fake)
    {
        Run = run;
        Store = store;
        Fake = fake;
        store.Changed += change =>
        {
            if (change.Resource is { Group: "", Kind: "Pod" } && change.Type == ChangeType.Added
                && change.Object.Str("metadata", "labels", "app.kubernetes.io/managed-by") == "deepthought-conformance")
            {
                foreach (var c in change.Object.Items("spec", "containers").Concat(change.Object.Items("spec", "initContainers")))
                {
                    _harnessImages.Add(c.Str("image"));
                }
            }
        };
    }

    private readonly System.Collections.Concurrent.ConcurrentBag<string> _harnessImages = [];

    /// <summary>Every image of every pod the harness created during the run (as stored, after the twin's proxy injector).</summary>
    public IReadOnlyList<string> ImagesOfHarnessPods => _harnessImages.Distinct().ToList();

    public ConformanceRun Run { get; }

    public KubeStore Store { get; }

    public FakeTwinNetwork? Fake { get; }

    public TwinContext Twin => Run.Session.Twin()!.Context;

    /// <param name="propagationBudgetSeconds">profile policy.propagationBudgetSeconds (short budgets keep failing waits quick).</param>
    /// <param name="fakePropagation">use the fake network with this policy propagation delay, even when the twin has a mesh.</param>
    /// <param name="probePodBudgetSeconds">profile policy.probePodBudgetSeconds.</param>
    /// <param name="editProfile">any further edit of the profile's YAML text.</param>
    public static async Task<GatewayRun> StartAsync(
        string scenario = "",
        RunMode mode = RunMode.Audit,
        int propagationBudgetSeconds = 30,
        TimeSpan? fakePropagation = null,
        int probePodBudgetSeconds = 90,
        Func<string, string>? editProfile = null)
    {
        var profile = Repo.Profile;
        string? folder = null;
        if (propagationBudgetSeconds != 30 || probePodBudgetSeconds != 90 || editProfile is not null)
        {
            var text = (await File.ReadAllTextAsync(Repo.Profile)).Replace(
                "propagationBudgetSeconds: 30",
                $"propagationBudgetSeconds: {propagationBudgetSeconds}\n  probePodBudgetSeconds: {probePodBudgetSeconds}",
                StringComparison.Ordinal);
            text = editProfile?.Invoke(text) ?? text;
            folder = Directory.CreateTempSubdirectory("deepthought-gateway-profile-").FullName;
            profile = Path.Combine(folder, "deepthought.yaml");
            await File.WriteAllTextAsync(profile, text);
        }

        var settings = new RunSettings
        {
            Target = TargetKind.Twin,
            Mode = mode,
            Scenario = scenario,
            ProfilePath = profile,
            ReportsDirectory = Path.Combine(Path.GetTempPath(), "deepthought-test-reports"),
            RequireRealBackends = Backends.Required,
        };
        var run = await ConformanceRun.StartAsync(settings);
        var twin = run.Session.Twin()!.Context;
        FakeTwinNetwork? fake = null;
        if (fakePropagation is not null || twin.Find<ITwinNetwork>() is null)
        {
            EmojivotoStandIn.Seed(twin.Store);
            fake = new FakeTwinNetwork(twin.Store, fakePropagation ?? TimeSpan.Zero);
            twin.Provide<ITwinNetwork>(fake);
        }

        var world = new GatewayRun(run, twin.Store, fake) { _profileFolder = folder };
        await world.WaitForRouteStatusAsync();
        return world;
    }

    /// <summary>Lets Contour's twin controller catch up with objects seeded after it started (the stand-ins).</summary>
    private async Task WaitForRouteStatusAsync()
    {
        var p = Run.Profile.Gateway;
        for (var i = 0; i < 100; i++)
        {
            var route = Store.Get("gateway.networking.k8s.io/v1", "HTTPRoute", p.RouteNamespace, p.RouteName);
            var parent = route is null ? null : HttpRouteInfo.From(route).StatusFor(p.GatewayNamespace, p.GatewayName);
            var resolved = parent is null ? null : Condition.Find(parent.Conditions, "ResolvedRefs");
            if (route is null || parent is null && i > 20 || resolved is { IsTrue: true } || resolved?.Message.Contains("web-svc", StringComparison.Ordinal) == false)
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    public async Task<IReadOnlyDictionary<string, CheckResult>> RunPhasesAsync(params Phase[] phases)
    {
        var results = await Run.RunAsync(phases.Length == 0 ? [Phase.Gateway, Phase.Policy] : phases);
        return results.ToDictionary(r => r.Id);
    }

    /// <summary>Everything still labelled as the harness's, in the store.</summary>
    public IReadOnlyList<string> Labelled() =>
        Store.Types.DistinctBy(t => (t.Group, t.Plural)).SelectMany(t => Store.List(t))
            .Where(o => o.Str("metadata", "labels", "app.kubernetes.io/managed-by") == "deepthought-conformance")
            .Select(o => $"{o.Str("kind")} {o.Str("metadata", "namespace")}/{o.Str("metadata", "name")}")
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await Run.DisposeAsync();
        if (_profileFolder is not null && Directory.Exists(_profileFolder))
        {
            Directory.Delete(_profileFolder, recursive: true);
        }
    }
}
