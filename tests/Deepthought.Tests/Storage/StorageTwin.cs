using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;
using Deepthought.Twin.Ceph;
using Deepthought.Twin.Cluster;
using Deepthought.Twin.Rook;

namespace Deepthought.Tests.Storage;

/// <summary>A twin with only the parts the Storage checks need (nodes and namespaces, Rook, Ceph), and those checks.</summary>
public static class StorageTwin
{
    public static readonly IReadOnlyList<string> CheckIds =
    [
        "storage.rook-ceph-privileged",
        "storage.helm-releases",
        "storage.rook-operator-available",
        "storage.cephcluster-device-selection",
        "storage.cephcluster-healthy",
        "storage.osds-up-in",
        "storage.mon-quorum",
        "storage.csi-nodeplugins-ready",
        "storage.live-health-agrees",
    ];

    /// <summary>The twin parts the Storage checks read (nodes and namespaces, Rook, Ceph; the API server always stays).</summary>
    public static readonly IReadOnlySet<Type> LeftOut =
        TestWorld.Only(typeof(ClusterSeeder), typeof(RookCrds), typeof(RookSeeder), typeof(CephBackendComponent), typeof(RookStatusController));

    public static IReadOnlyList<ICheck> Checks => CheckCatalog.All.Where(c => CheckIds.Contains(c.Id)).ToList();

    public static ClusterProfile Profile() => Repo.LoadProfile();

    public static Task<TestWorld> StartAsync(params string[] scenarios) => StartAsync(scenarios, null);

    public static Task<TestWorld> StartAsync(IEnumerable<string> scenarios, bool? requireReal) =>
        TestWorld.StartAsync(new WorldOptions { Scenario = string.Join(",", scenarios), RequireRealBackends = requireReal, Exclude = LeftOut });

    /// <summary>The Storage checks judged on the world as it is now (fresh observations), through the real probes.</summary>
    public static async Task<IReadOnlyList<CheckResult>> JudgeAsync(TestWorld world) =>
        (await world.JudgeAsync(CheckIds)).Values.ToList();
}
