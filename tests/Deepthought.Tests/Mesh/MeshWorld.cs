using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubectl;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// A <see cref="TestWorld"/> for the Mesh phase: the twin reached as the read-only auditor, without the Talos apids
/// and the storage backends (not needed to judge the mesh, and seconds per twin). Each judgement gathers fresh
/// observations, so tests may bend the twin in between.
/// </summary>
internal sealed class MeshWorld : IAsyncDisposable
{
    private MeshWorld(TestWorld world)
    {
        World = world;
    }

    public TestWorld World { get; }

    public DeepthoughtTwin Twin => World.Twin;

    public ClusterProfile Profile => World.Profile;

    public TimeProvider Time => World.Time;

    /// <param name="kubectl">Serve kubectl's forms too (tests that drive the real kubectl).</param>
    public static async Task<MeshWorld> StartAsync(string scenarios = "", TimeProvider? time = null, ClusterProfile? profile = null, bool kubectl = false) =>
        new(await TestWorld.StartAsync(new WorldOptions { Scenario = scenarios, Time = time ?? TimeProvider.System, Profile = profile, Exclude = TestWorld.WithoutTalosAndBackends, Kubectl = kubectl }));

    /// <summary>Judges checks on the twin as it is now (fresh observations and engine per call).</summary>
    public Task<IReadOnlyDictionary<string, CheckResult>> JudgeAsync(IEnumerable<string> checkIds, ClusterProfile? profile = null) =>
        World.JudgeAsync(checkIds, profile);

    public async Task<Verdict> VerdictAsync(string checkId, ClusterProfile? profile = null) =>
        (await World.JudgeAsync(checkId, profile)).Verdict;

    /// <summary>Every Mesh-phase check's verdict.</summary>
    public Task<IReadOnlyDictionary<string, CheckResult>> MeshAsync(ClusterProfile? profile = null) =>
        JudgeAsync(CheckCatalog.ForPhase(Phase.Mesh).Select(c => c.Id), profile);

    public ValueTask DisposeAsync() => World.DisposeAsync();
}
