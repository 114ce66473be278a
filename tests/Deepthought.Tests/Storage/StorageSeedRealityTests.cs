using System.Text.Json.Nodes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Storage;
using Deepthought.Checks.Talos;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Profile;
using Deepthought.Protocols.Rook;
using FluentAssertions;
using Xunit;
using k8s.Models;

namespace Deepthought.Tests.Storage;

/// <summary>
/// The Storage verdicts on the cluster as the seed's Rook really leaves it (issue 10 items 6–8): the status lag Rook
/// really has, mon canaries, LVM-mode and encrypted OSD disks, and the CephFS CSI driver only when it is enabled.
/// </summary>
public sealed class StorageSeedRealityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LiveHealth_CrCheckedJustOverTheInterval_PassesInsideTheMargin()
    {
        // Rook waits the 60 s interval AFTER each `ceph status` returns, so a healthy operator's lastChecked can be 60 s
        // plus the command's duration old (and whole seconds, and skewed clocks).
        var verdict = await Judge(new LiveHealthAgreesCheck(), Cr("HEALTH_WARN", Now.AddSeconds(-75), "60s"), Metrics("ceph_health_status 0.0"));

        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Message.Should().Be("the CephCluster says HEALTH_WARN and the mgr HEALTH_OK: the CR was last checked 75 s ago, within 90 s (Rook's status interval 60 s + a 30 s margin), so Rook has not refreshed it yet");
    }

    [Fact]
    public async Task LiveHealth_TheCrsOwnLongerInterval_IsAllowed()
    {
        var verdict = await Judge(new LiveHealthAgreesCheck(), Cr("HEALTH_WARN", Now.AddSeconds(-200), "5m"), Metrics("ceph_health_status 0.0"));

        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Message.Should().Contain("within 330 s (Rook's status interval 300 s + a 30 s margin)");
    }

    [Fact]
    public async Task LiveHealth_StaleBeyondIntervalAndMargin_FailsNamingTheInterval()
    {
        var verdict = await Judge(new LiveHealthAgreesCheck(), Cr("HEALTH_OK", Now.AddSeconds(-150), null), Metrics("ceph_health_status 2.0\nceph_health_detail{name=\"MON_DOWN\",severity=\"HEALTH_ERR\"} 1.0"));

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("CephCluster rook-ceph/rook-ceph: expected status.ceph.health to follow the live health within 90 s (Rook's status interval 60 s + a 30 s margin), got CR HEALTH_OK (last checked 150 s ago) while the mgr says HEALTH_ERR (MON_DOWN) — the operator is not refreshing the status");
    }

    [Fact]
    public async Task LiveHealth_StatusCheckDisabled_SaysRookNeverRefreshes()
    {
        var cr = Cr("HEALTH_OK", Now.AddSeconds(-10), "60s") with { StatusCheckDisabled = true };

        var verdict = await Judge(new LiveHealthAgreesCheck(), cr, Metrics("ceph_health_status 1.0"));

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("Rook's status check is off (spec.healthCheck.daemonHealth.status.disabled: true)");
    }

    [Fact]
    public void CephClusterView_ReadsTheStatusCheckSwitch()
    {
        var json = new JsonObject { ["spec"] = new JsonObject { ["healthCheck"] = new JsonObject { ["daemonHealth"] = new JsonObject { ["status"] = new JsonObject { ["disabled"] = true, ["interval"] = "60s" } } } } };

        CephClusterView.Read(json).StatusCheckDisabled.Should().BeTrue();
        CephClusterView.Read(new JsonObject { ["spec"] = new JsonObject() }).StatusCheckDisabled.Should().BeFalse();
    }

    [Fact]
    public async Task MonQuorum_ACanaryPodBesideTheMons_IsNotAMon()
    {
        var pods = new List<V1Pod> { Mon("a", "talos-cp1-zaphod"), Mon("b", "talos-work1-trillian"), Mon("c", "talos-work2-marvin"), Mon("d", "talos-work2-marvin", canary: true) };
        var metrics = Metrics("ceph_mon_quorum_status{ceph_daemon=\"mon.a\"} 1.0\nceph_mon_quorum_status{ceph_daemon=\"mon.b\"} 1.0\nceph_mon_quorum_status{ceph_daemon=\"mon.c\"} 1.0");

        var verdict = await Judge(new MonQuorumCheck(), Cr("HEALTH_OK", Now, null), metrics, pods: pods);

        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
    }

    [Fact]
    public async Task DataDisks_LvmAndLuksOsdsOnceRookIsDeployed_AreThisClustersOsds()
    {
        var verdict = await JudgeDisks(StorageTwin.Profile(), ("talos-cp1-zaphod", "lvm2-pv", "Q0ySaA-hGxQ-8nZ1-2dCz-a1bF-Yw3E-kT9pLm"), ("talos-work1-trillian", "luks", "pvc_name=set1-data-0"), ("talos-work2-marvin", "bluestore", ""));

        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Evidence.Select(e => e.Observed).Should().Contain(o => o.StartsWith("an LVM2 physical volume", StringComparison.Ordinal))
            .And.Contain(o => o.StartsWith("a LUKS container", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DataDisks_LvmBeforeRook_IsNotClean()
    {
        var verdict = await JudgeDisks(PreRook(), ("talos-cp1-zaphod", "lvm2-pv", "Q0ySaA-hGxQ-8nZ1-2dCz-a1bF-Yw3E-kT9pLm"), ("talos-work1-trillian", "", ""), ("talos-work2-marvin", "", ""));

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("node talos-cp1-zaphod (192.168.1.32) data disk sdb: expected blank (no partition table, no filesystem) before Rook, got an LVM2 physical volume");
    }

    [Fact]
    public async Task DataDisks_ForeignFilesystemOnceRookIsDeployed_IsStillDirty()
    {
        var verdict = await JudgeDisks(StorageTwin.Profile(), ("talos-cp1-zaphod", "ext4", "backup"), ("talos-work1-trillian", "bluestore", ""), ("talos-work2-marvin", "bluestore", ""));

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("data disk sdb: expected blank or one of this cluster's OSDs (BlueStore, or an LVM2 physical volume / LUKS container Rook made), got a filesystem or signature: ext4 (label backup) — wipe it");
    }

    [Fact]
    public async Task Csi_CephFsDriverDisabledInTheProfile_OnlyRbdIsRequired()
    {
        var profile = WithStorage("  csi:\n    cephFs: false\n");

        var verdict = await Judge(new CsiNodePluginsCheck(), daemonSets: [DaemonSet("rook-ceph.rbd.csi.ceph.com-nodeplugin")], profile: profile);

        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Message.Should().Be("the RBD node plugin is ready on all 3 nodes (the CephFS driver is disabled: storage.csi.cephFs: false)");
    }

    [Fact]
    public async Task Csi_SeedProfile_RequiresTheCsiOperatorNames()
    {
        var verdict = await Judge(new CsiNodePluginsCheck(), daemonSets: [DaemonSet("csi-rbdplugin"), DaemonSet("csi-cephfsplugin")]);

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("RBD CSI node plugin in rook-ceph: expected the DaemonSet rook-ceph.rbd.csi.ceph.com-nodeplugin (storage.csi.rbdNodePlugin) with 3 desired, 3 ready, got no such DaemonSet (found: csi-rbdplugin, csi-cephfsplugin)");
    }

    [Fact]
    public async Task Csi_LegacyNamesInTheProfile_AreWhatTheCheckLooksFor()
    {
        var profile = WithStorage("  csi:\n    rbdNodePlugin: csi-rbdplugin\n    cephFsNodePlugin: csi-cephfsplugin\n");

        var verdict = await Judge(new CsiNodePluginsCheck(), daemonSets: [DaemonSet("csi-rbdplugin"), DaemonSet("csi-cephfsplugin")], profile: profile);

        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Evidence.Select(e => e.Subject).Should().Contain("RBD CSI node plugin in rook-ceph (csi-rbdplugin)");
    }

    [Fact]
    public async Task DeviceSelection_ByIdDevices_AreMatchedThroughTalosLinks()
    {
        var profile = StorageTwin.Profile();
        var storage = new StorageSpec(false, new StorageSelection(false, null, null, []), profile.Nodes.Select(n => (n.Name, new StorageSelection(null, null, null, [$"/dev/disk/by-id/wwn-0x{n.Name}"]))).ToList());
        var answers = profile.Nodes.Select(n => new NodeAnswer<NodeDiskFacts>(n.Ip, new NodeDiskFacts(
            [new DiskFacts("sda", "/dev/sda", 1, "", false, "sata", "", false, false), new DiskFacts("sdb", "/dev/sdb", 1, "", true, "sata", "", false, false) { Symlinks = [$"/dev/disk/by-id/wwn-0x{n.Name}"] }], [], "sda"), null)).ToList();

        var verdict = await Judge(new DeviceSelectionCheck(), Cr("HEALTH_OK", Now, null) with { Storage = storage }, disks: new TalosDisksObservation(answers));

        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
    }

    [Fact]
    public async Task DeviceSelection_ByIdDeviceWithoutTalosLinks_SaysWhy()
    {
        var profile = StorageTwin.Profile();
        var storage = new StorageSpec(false, new StorageSelection(false, null, null, []), profile.Nodes.Select(n => (n.Name, new StorageSelection(null, null, null, ["/dev/disk/by-id/wwn-0x1"]))).ToList());
        var answers = profile.Nodes.Select(n => new NodeAnswer<NodeDiskFacts>(n.Ip, null, "connection refused")).ToList();

        var verdict = await Judge(new DeviceSelectionCheck(), Cr("HEALTH_OK", Now, null) with { Storage = storage }, disks: new TalosDisksObservation(answers));

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("'/dev/disk/by-id/wwn-0x1': Talos's disk links were not read (connection refused)");
    }

    private static ClusterProfile WithStorage(string extra)
    {
        var seed = StorageTwin.Profile();
        var yaml = File.ReadAllText(seed.SourcePath).Replace("storage:\n  state: deployed\n", "storage:\n  state: deployed\n" + extra, StringComparison.Ordinal);
        yaml.Should().Contain(extra);
        return ProfileLoader.Parse(yaml, "test.yaml");
    }

    private static ClusterProfile PreRook()
    {
        var seed = StorageTwin.Profile();
        var yaml = File.ReadAllText(seed.SourcePath).Replace("storage:\n  state: deployed\n", "storage:\n  state: preRook\n", StringComparison.Ordinal);
        yaml.Should().Contain("state: preRook");
        return ProfileLoader.Parse(yaml, "test.yaml");
    }

    private static CephClusterView Cr(string health, DateTimeOffset lastChecked, string? statusInterval)
    {
        var spec = new JsonObject { ["mon"] = new JsonObject { ["count"] = 3 }, ["storage"] = new JsonObject { ["useAllNodes"] = false } };
        if (statusInterval is not null)
        {
            spec["healthCheck"] = new JsonObject { ["daemonHealth"] = new JsonObject { ["status"] = new JsonObject { ["disabled"] = false, ["interval"] = statusInterval } } };
        }

        return CephClusterView.Read(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "rook-ceph", ["namespace"] = "rook-ceph" },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["phase"] = "Ready",
                ["ceph"] = new JsonObject { ["health"] = health, ["lastChecked"] = lastChecked.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) },
            },
        });
    }

    private static V1Pod Mon(string id, string node, bool canary = false)
    {
        var labels = new Dictionary<string, string> { ["app"] = "rook-ceph-mon", ["ceph_daemon_id"] = id, ["mon"] = id };
        if (canary)
        {
            labels["mon_canary"] = "true";
        }

        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"rook-ceph-mon-{id}{(canary ? "-canary" : "")}-7d9f8-x2b4c", NamespaceProperty = "rook-ceph", Labels = labels },
            Spec = new V1PodSpec { NodeName = node, Containers = [] },
            Status = canary
                ? new V1PodStatus { Phase = "Pending" }
                : new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] },
        };
    }

    private static PrometheusScrape Metrics(string text) => PrometheusText.Parse(text);

    private static V1DaemonSet DaemonSet(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "rook-ceph" },
        Status = new V1DaemonSetStatus { DesiredNumberScheduled = 3, NumberReady = 3, NumberAvailable = 3, CurrentNumberScheduled = 3, NumberMisscheduled = 0 },
    };

    private static async Task<Verdict> JudgeDisks(ClusterProfile profile, params (string Node, string Signature, string Label)[] dataDisks)
    {
        var answers = profile.Nodes.Select(n =>
        {
            var (_, signature, label) = dataDisks.Single(d => d.Node == n.Name);
            var facts = new NodeDiskFacts(
                [new DiskFacts("sda", "/dev/sda", 256_000_000_000, "256 GB", false, "sata", "SSD", false, false), new DiskFacts("sdb", "/dev/sdb", 1_000_000_000_000, "1.0 TB", true, "sata", "HDD", false, false)],
                [new VolumeFacts("sda", "disk", "gpt", "", "/dev/sda", 256_000_000_000, "", ""), new VolumeFacts("sdb", "disk", signature, "", "/dev/sdb", 1_000_000_000_000, label, "")],
                "sda");
            return new NodeAnswer<NodeDiskFacts>(n.Ip, facts, null);
        }).ToList();
        var cache = new ObservationCache().Register(_ => Task.FromResult(new TalosDisksObservation(answers)));
        var context = new CheckContext(profile, RunMode.Audit, new FixedTime(Now), cache);
        return await new DataDisksCleanCheck().EvaluateAsync(context, CancellationToken.None);
    }

    private static async Task<Verdict> Judge(
        ICheck check,
        CephClusterView? cluster = null,
        PrometheusScrape? metrics = null,
        IReadOnlyList<V1DaemonSet>? daemonSets = null,
        IReadOnlyList<V1Pod>? pods = null,
        ClusterProfile? profile = null,
        TalosDisksObservation? disks = null)
    {
        var cache = new ObservationCache()
            .Register(_ => Task.FromResult(new CephClustersObservation(cluster is null ? [] : [cluster])))
            .Register(_ => Task.FromResult(new CephMgrMetricsObservation(metrics is null ? new Dictionary<string, PrometheusScrape>() : new() { ["rook-ceph"] = metrics })))
            .Register(_ => Task.FromResult(new DaemonSetsObservation(daemonSets ?? [])))
            .Register(_ => Task.FromResult(new RookPodsObservation(pods ?? [])))
            .Register(_ => Task.FromResult(new RookOperatorObservation([])));
        if (disks is not null)
        {
            cache.Register(_ => Task.FromResult(disks));
        }

        var context = new CheckContext(profile ?? StorageTwin.Profile(), RunMode.Audit, new FixedTime(Now), cache);
        return await check.EvaluateAsync(context, CancellationToken.None);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
