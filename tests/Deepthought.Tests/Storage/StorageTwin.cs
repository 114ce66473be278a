using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;
using Deepthought.Twin.Ceph;
using Deepthought.Twin.Cluster;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Rook;
using Deepthought.Twin.Scenarios;

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

    private static readonly HashSet<Type> Components =
        [typeof(ClusterSeeder), typeof(RookCrds), typeof(RookSeeder), typeof(CephBackendComponent), typeof(RookStatusController)];

    public static IReadOnlyList<ICheck> Checks => CheckCatalog.All.Where(c => CheckIds.Contains(c.Id)).ToList();

    public static string RepoRoot => RepositoryRoot.Find(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found");

    public static ClusterProfile Profile() => ProfileLoader.Load(Path.Combine(RepoRoot, "profiles", "deepthought.yaml"));

    public static Task<DeepthoughtTwin> StartAsync(params string[] scenarios) => StartAsync(Profile(), scenarios);

    public static Task<DeepthoughtTwin> StartAsync(ClusterProfile profile, IEnumerable<string> scenarios, bool? requireReal = null)
    {
        var others = typeof(DeepthoughtTwin).Assembly.GetTypes()
            .Where(t => typeof(ITwinComponent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && !Components.Contains(t))
            .ToHashSet();
        return DeepthoughtTwin.StartAsync(profile, new ScenarioSet(scenarios), new TwinOptions { RequireRealBackends = requireReal ?? Backends.Required, Exclude = others }, CancellationToken.None);
    }
}
