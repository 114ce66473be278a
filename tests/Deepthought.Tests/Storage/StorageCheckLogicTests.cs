using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Storage;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Profile;
using Deepthought.Protocols.Rook;
using FluentAssertions;
using Xunit;
using k8s.Models;

namespace Deepthought.Tests.Storage;

/// <summary>The checks' judgement on hand-made observations: the cases the twin's scenarios do not reach.</summary>
public sealed class StorageCheckLogicTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LiveHealth_DiffersWithinTheLag_PassesAndSaysTheCrLags()
    {
        var verdict = await Judge(new LiveHealthAgreesCheck(), Cluster("HEALTH_WARN", Now.AddSeconds(-20)), Metrics("ceph_health_status 0.0"));

        verdict.Outcome.Should().Be(Outcome.Pass);
        verdict.Message.Should().Be("the CephCluster says HEALTH_WARN and the mgr HEALTH_OK: the CR was last checked 20 s ago, within 90 s (Rook's status interval 60 s + a 30 s margin), so Rook has not refreshed it yet");
    }

    [Fact]
    public async Task LiveHealth_DiffersBeyondTheLag_FailsWithBothReadings()
    {
        var verdict = await Judge(new LiveHealthAgreesCheck(), Cluster("HEALTH_OK", Now.AddSeconds(-91)), Metrics("ceph_health_status 2.0\nceph_health_detail{name=\"MON_DOWN\",severity=\"HEALTH_ERR\"} 1.0"));

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("CephCluster rook-ceph/rook-ceph: expected status.ceph.health to follow the live health within 90 s (Rook's status interval 60 s + a 30 s margin), got CR HEALTH_OK (last checked 91 s ago) while the mgr says HEALTH_ERR (MON_DOWN) — the operator is not refreshing the status");
    }

    [Fact]
    public async Task LiveHealth_NoHealthMetric_Fails()
    {
        var verdict = await Judge(new LiveHealthAgreesCheck(), Cluster("HEALTH_OK", Now), Metrics("ceph_osd_up{ceph_daemon=\"osd.0\"} 1.0"));

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("expected ceph_health_status, got absent");
    }

    [Fact]
    public async Task CsiCheck_MissingDriver_SaysWhichNamesWereLookedFor()
    {
        var verdict = await Judge(new CsiNodePluginsCheck(), daemonSets: [DaemonSet("rook-ceph.rbd.csi.ceph.com-nodeplugin", 3, 3)]);

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("CephFS CSI node plugin in rook-ceph: expected the DaemonSet rook-ceph.cephfs.csi.ceph.com-nodeplugin (storage.csi.cephFsNodePlugin) with 3 desired, 3 ready, got no such DaemonSet (found: rook-ceph.rbd.csi.ceph.com-nodeplugin)");
    }

    [Fact]
    public async Task HelmCheck_ReleaseOnlyInAnotherNamespace_IsNotInstalledWhereTheProfileSays()
    {
        var verdict = await Judge(new RookHelmReleasesCheck(), releases: [new HelmRelease("rook-ceph", "rook-ceph", 1, "deployed", "s1", null), new HelmRelease("default", "rook-ceph-cluster", 3, "deployed", "s2", null)]);

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("Helm release rook-ceph-cluster in rook-ceph: expected deployed, got not installed", "only the profile's namespace is listed (the auditor may list Secrets nowhere else)");
    }

    [Fact]
    public async Task DeviceSelection_FilterMatchingOnlyDataDisks_Passes()
    {
        var storage = new StorageSpec(true, new StorageSelection(null, "^sdb$", null, []), []);

        var verdict = await Judge(new DeviceSelectionCheck(), Cluster("HEALTH_OK", Now, storage));

        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
    }

    [Fact]
    public async Task DeviceSelection_NodeListingItsOsDisk_Fails()
    {
        var storage = new StorageSpec(false, new StorageSelection(false, null, null, []),
        [
            ("talos-cp1-zaphod", new StorageSelection(null, null, null, ["sda", "sdb"])),
            ("talos-work1-trillian", new StorageSelection(null, null, null, ["sdb"])),
        ]);

        var verdict = await Judge(new DeviceSelectionCheck(), Cluster("HEALTH_OK", Now, storage));

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("node talos-cp1-zaphod: expected only the data disks [sdb], got [sda, sdb] via devices: sda; devices: sdb — this also offers the OS disk sda to Rook")
            .And.Contain("node talos-work2-marvin: expected [sdb], got node not listed in storage.nodes (useAllNodes: false)");
    }

    [Fact]
    public async Task CephClusterMissing_EveryClusterCheckSaysSo()
    {
        var verdict = await Judge(new CephClusterHealthCheck(), clusters: []);

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("CephCluster rook-ceph/rook-ceph: expected to exist (installed by the rook-ceph-cluster chart), got no CephCluster in any namespace");
    }

    [Fact]
    public async Task StorageDisabled_ChecksSkip()
    {
        var profile = StorageTwin.Profile();
        profile = Disabled(profile);
        var context = new CheckContext(profile, RunMode.Audit, new FixedTime(Now), new ObservationCache());

        (await new OsdsUpInCheck().EvaluateAsync(context, CancellationToken.None)).Outcome.Should().Be(Outcome.Skip);
        (await new RookHelmReleasesCheck().EvaluateAsync(context, CancellationToken.None)).Outcome.Should().Be(Outcome.Skip);
    }

    private static Deepthought.Protocols.Profile.ClusterProfile Disabled(Deepthought.Protocols.Profile.ClusterProfile p) =>
        Deepthought.Protocols.Profile.ProfileLoader.Parse(File.ReadAllText(p.SourcePath).Replace("storage:\n  state: deployed", "storage:\n  enabled: false\n  state: deployed", StringComparison.Ordinal), "test.yaml");

    private static CephClusterView Cluster(string health, DateTimeOffset lastChecked, StorageSpec? storage = null) =>
        new("rook-ceph", "rook-ceph", "Ready", "Cluster created successfully", health, [], lastChecked, 3,
            storage ?? new StorageSpec(false, new StorageSelection(false, null, null, []), [("talos-cp1-zaphod", Sdb()), ("talos-work1-trillian", Sdb()), ("talos-work2-marvin", Sdb())]));

    private static StorageSelection Sdb() => new(null, null, null, ["sdb"]);

    private static PrometheusScrape Metrics(string text) => PrometheusText.Parse(text);

    private static V1DaemonSet DaemonSet(string name, int desired, int ready) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "rook-ceph" },
        Status = new V1DaemonSetStatus { DesiredNumberScheduled = desired, NumberReady = ready, NumberAvailable = ready, CurrentNumberScheduled = desired, NumberMisscheduled = 0 },
    };

    private static async Task<Verdict> Judge(
        ICheck check,
        CephClusterView? cluster = null,
        PrometheusScrape? metrics = null,
        IReadOnlyList<V1DaemonSet>? daemonSets = null,
        IReadOnlyList<HelmRelease>? releases = null,
        IReadOnlyList<CephClusterView>? clusters = null)
    {
        var all = clusters ?? (cluster is null ? [] : [cluster]);
        var cache = new ObservationCache()
            .Register(_ => Task.FromResult(new CephClustersObservation(all)))
            .Register(_ => Task.FromResult(new CephMgrMetricsObservation(metrics is null ? new Dictionary<string, PrometheusScrape>() : new() { ["rook-ceph"] = metrics })))
            .Register(_ => Task.FromResult(new DaemonSetsObservation(daemonSets ?? [])))
            .Register(_ => Task.FromResult(HelmReleasesSource.Of(releases ?? [])))
            .Register(_ => Task.FromResult(new RookPodsObservation([])))
            .Register(_ => Task.FromResult(new RookOperatorObservation([])));
        var context = new CheckContext(StorageTwin.Profile(), RunMode.Audit, new FixedTime(Now), cache);
        return await check.EvaluateAsync(context, CancellationToken.None);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
