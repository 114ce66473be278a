using Deepthought.Checks.Model;
using Deepthought.Checks.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// A twin started with some scenarios (seeders only: components ordered below 100) and the Mesh checks judged on
/// its store through <see cref="StoreObservations"/>. The profile is the shipped profiles/deepthought.yaml unless given.
/// </summary>
internal sealed class MeshWorld : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private MeshWorld(DeepthoughtTwin twin, ClusterProfile profile, TimeProvider time)
    {
        Twin = twin;
        Profile = profile;
        Time = time;
    }

    public DeepthoughtTwin Twin { get; }

    public ClusterProfile Profile { get; }

    public TimeProvider Time { get; }

    public static async Task<MeshWorld> StartAsync(string scenarios = "", TimeProvider? time = null, ClusterProfile? profile = null)
    {
        time ??= TimeProvider.System;
        profile ??= RepoFiles.LoadProfile();
        var twin = await DeepthoughtTwin.StartAsync(profile, ScenarioCatalog.Parse(scenarios), new TwinOptions { Time = time, Exclude = NonSeeders() }, CancellationToken.None);
        return new MeshWorld(twin, profile, time);
    }

    /// <summary>Judges checks on the twin as it is now (a fresh engine and observations per call).</summary>
    public async Task<IReadOnlyDictionary<string, CheckResult>> JudgeAsync(IEnumerable<string> checkIds, ClusterProfile? profile = null)
    {
        var cache = StoreObservations.Build(Twin.Context, _http);
        var engine = new CheckEngine(CheckCatalog.All, new CheckContext(profile ?? Profile, RunMode.Audit, Time, cache));
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
        _http.Dispose();
        await Twin.DisposeAsync();
    }

    // Servers (the API server, apids, backends) are not needed to judge from the store.
    private static HashSet<Type> NonSeeders() =>
        typeof(DeepthoughtTwin).Assembly.GetTypes()
            .Where(t => typeof(ITwinComponent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .Where(t => ((ITwinComponent)Activator.CreateInstance(t)!).Order >= 100)
            .ToHashSet();
}
