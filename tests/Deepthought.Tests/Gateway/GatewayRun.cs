using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Tests.Support;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.TwinTarget;

namespace Deepthought.Tests.Gateway;

/// <summary>
/// A <see cref="TestWorld"/> for the Gateway and Policy phases (the whole twin, its own mesh and policy engine), with
/// the profile's policy budgets as the test sets them and what the harness's pods ran.
/// </summary>
public sealed class GatewayRun : IAsyncDisposable
{
    private GatewayRun(TestWorld world)
    {
        World = world;
        Store.Changed += change =>
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

    public TestWorld World { get; }

    public ConformanceRun Run => World.Run;

    public KubeStore Store => World.Store;

    public TwinContext Twin => World.Context;

    /// <param name="propagationBudgetSeconds">profile policy.propagationBudgetSeconds (short budgets keep failing waits quick).</param>
    /// <param name="probePodBudgetSeconds">profile policy.probePodBudgetSeconds.</param>
    /// <param name="editProfile">any further edit of the profile's YAML text.</param>
    public static async Task<GatewayRun> StartAsync(
        string scenario = "",
        RunMode mode = RunMode.Audit,
        int propagationBudgetSeconds = 30,
        int probePodBudgetSeconds = 90,
        Func<string, string>? editProfile = null)
    {
        string Edit(string text)
        {
            text = text.Replace(
                "propagationBudgetSeconds: 30",
                $"propagationBudgetSeconds: {propagationBudgetSeconds}\n  probePodBudgetSeconds: {probePodBudgetSeconds}",
                StringComparison.Ordinal);
            return editProfile?.Invoke(text) ?? text;
        }

        var edited = propagationBudgetSeconds != 30 || probePodBudgetSeconds != 90 || editProfile is not null;
        return new GatewayRun(await TestWorld.StartAsync(new WorldOptions { Scenario = scenario, Mode = mode, EditYaml = edited ? Edit : null }));
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

    public ValueTask DisposeAsync() => World.DisposeAsync();
}
