using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubectl;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// A twin started with some scenarios and reached like a real cluster: through its kubeconfig as the read-only
/// auditor (RBAC from profiles/rbac/auditor.yaml), with the harness's own probes. Talos and the storage backends
/// are left out. Each judgement gathers fresh observations, so tests may bend the twin in between.
/// </summary>
internal sealed class MeshWorld : IAsyncDisposable
{
    private readonly TargetSession _auditor;

    private MeshWorld(DeepthoughtTwin twin, TargetSession auditor, ClusterProfile profile, TimeProvider time)
    {
        Twin = twin;
        _auditor = auditor;
        Profile = profile;
        Time = time;
    }

    public DeepthoughtTwin Twin { get; }

    public ClusterProfile Profile { get; }

    public TimeProvider Time { get; }

    /// <param name="kubectl">Start the API server with kubectl support (tests that drive the real kubectl).</param>
    public static async Task<MeshWorld> StartAsync(string scenarios = "", TimeProvider? time = null, ClusterProfile? profile = null, bool kubectl = false)
    {
        time ??= TimeProvider.System;
        profile ??= RepoFiles.LoadProfile();
        var options = new TwinOptions { Time = time, Exclude = Backends() };
        var twin = await DeepthoughtTwin.StartAsync(profile, ScenarioCatalog.Parse(scenarios), kubectl ? KubectlSupport.With(options) : options, CancellationToken.None);
        try
        {
            var auditor = AttachTarget.Connect(twin.KubeconfigPath, $"auditor@{profile.Name}", null, null, "twin");
            return new MeshWorld(twin, auditor, profile, time);
        }
        catch
        {
            await twin.DisposeAsync();
            throw;
        }
    }

    /// <summary>Judges checks on the twin as it is now (fresh observations and engine per call).</summary>
    public async Task<IReadOnlyDictionary<string, CheckResult>> JudgeAsync(IEnumerable<string> checkIds, ClusterProfile? profile = null)
    {
        var connections = _auditor.Connections;
        var cache = ProbeModules.RegisterAll(new ObservationCache(), connections);
        var services = new Dictionary<Type, object> { [typeof(ClusterConnections)] = connections };
        var engine = new CheckEngine(CheckCatalog.All, new CheckContext(profile ?? Profile, RunMode.Audit, Time, cache, services));
        var results = new Dictionary<string, CheckResult>(StringComparer.Ordinal);
        foreach (var id in checkIds)
        {
            results[id] = await engine.EvaluateAsync(id, CancellationToken.None);
        }

        return results;
    }

    public async Task<Verdict> VerdictAsync(string checkId, ClusterProfile? profile = null) =>
        (await JudgeAsync([checkId], profile))[checkId].Verdict;

    /// <summary>Every Mesh-phase check's verdict.</summary>
    public Task<IReadOnlyDictionary<string, CheckResult>> MeshAsync(ClusterProfile? profile = null) =>
        JudgeAsync(CheckCatalog.ForPhase(Phase.Mesh).Select(c => c.Id), profile);

    public async ValueTask DisposeAsync()
    {
        await _auditor.DisposeAsync();
        await Twin.DisposeAsync();
    }

    // The Talos apids and the real etcd/Ceph backends are not needed to judge the mesh (and cost seconds per twin).
    private static readonly string[] Unneeded = ["Deepthought.Twin.Talos", "Deepthought.Twin.Etcd", "Deepthought.Twin.Ceph", "Deepthought.Twin.Storage"];

    private static HashSet<Type> Backends() =>
        typeof(DeepthoughtTwin).Assembly.GetTypes()
            .Where(t => typeof(ITwinComponent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Where(t => Unneeded.Any(n => t.Namespace?.StartsWith(n, StringComparison.Ordinal) == true))
            .ToHashSet();
}
