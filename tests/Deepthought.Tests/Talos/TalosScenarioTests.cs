using Deepthought.Checks.Model;
using Deepthought.Tests.Support;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Talos;

/// <summary>Each Talos/disk scenario makes its check fail (or warn) with a precise expected-vs-observed message.</summary>
public sealed class TalosScenarioTests
{
    [Theory]
    [InlineData("apid-unreachable", "talos.api-reachable",
        "node talos-work2-marvin (192.168.1.48): expected answers Version through 127.0.0.1:*, got node 192.168.1.48 did not answer through endpoint 127.0.0.1:*: connection error: desc = \"transport: Error while dialing: dial tcp 192.168.1.48:50000: connect: connection refused\" (Version)*")]
    [InlineData("talosconfig-wrong-ca", "talos.api-reachable",
        "node talos-cp1-zaphod (192.168.1.32), node talos-work1-trillian (192.168.1.24), node talos-work2-marvin (192.168.1.48): expected answers Version through 127.0.0.1:*, got server certificate for 127.0.0.1:* is not signed by the talosconfig CA *")]
    [InlineData("talos-client-cert-expired", "talos.api-reachable",
        "*got the Talos API at 127.0.0.1:* refused the talosconfig client certificate (TLS alert bad_certificate(42)) — the talosconfig client certificate expired on *")]
    [InlineData("talos-client-cert-expired", "talos.talosconfig-certificates",
        "talosconfig */talosconfig context deepthought-reader: client certificate O=os:reader: expected valid, got expired on * (1 days ago)")]
    [InlineData("node-talos-version-drift", "talos.version",
        "node talos-work2-marvin (192.168.1.48): expected Talos v1.10.3, got v1.10.2 (Talos API Version) — upgrade: talosctl -n 192.168.1.48 upgrade --image ghcr.io/siderolabs/installer:v1.10.3")]
    [InlineData("etcd-service-unhealthy", "talos.services-healthy",
        "node talos-cp1-zaphod (192.168.1.32) service etcd: expected Running and healthy, got Running but unhealthy (\"context deadline exceeded\") — run: talosctl -n 192.168.1.32 service etcd")]
    [InlineData("etcd-peer-url-foreign", "etcd.members",
        "etcd member talos-cp1-zaphod (*): expected peer URLs on 192.168.1.32, got *://10.5.0.2:*")]
    [InlineData("data-disk-xfs", "storage.data-disks-clean",
        "node talos-work1-trillian (192.168.1.24) data disk sdb: expected blank or one of this cluster's OSDs (BlueStore, or an LVM2 physical volume / LUKS container Rook made), got a filesystem or signature: xfs (label data) — wipe it: talosctl --talosconfig=./talosconfig --nodes 192.168.1.24 -e 192.168.1.24 wipe disk sdb")]
    [InlineData("data-disk-gpt", "storage.data-disks-clean",
        "node talos-work1-trillian (192.168.1.24) data disk sdb: expected blank or one of this cluster's OSDs (BlueStore, or an LVM2 physical volume / LUKS container Rook made), got a GPT partition table with 1 partition(s): sdb1 — wipe it: talosctl --talosconfig=./talosconfig --nodes 192.168.1.24 -e 192.168.1.24 wipe disk sdb")]
    [InlineData("data-disk-missing", "storage.node-disks",
        "node talos-work1-trillian (192.168.1.24) data disk sdb: expected a HDD (rotational) of at least 100 GB, got no disk sdb (disks: sda) — *")]
    public async Task Check_Scenario_FailsWithExpectedVersusObserved(string scenario, string checkId, string message)
    {
        await using var world = await TestWorld.StartAsync(scenario);

        var result = await world.EvaluateAsync(checkId);

        result.Outcome.Should().Be(Outcome.Fail, result.Verdict.Message);
        result.Verdict.Message.Should().Match(message);
        result.Check.FailingScenarios.Should().Contain(scenario);
    }

    [Fact]
    public async Task TalosconfigCertificates_ClientCertExpiring_Warns()
    {
        await using var world = await TestWorld.StartAsync("talos-client-cert-expiring");

        var result = await world.EvaluateAsync("talos.talosconfig-certificates");

        result.Outcome.Should().Be(Outcome.Warn);
        result.Verdict.Message.Should().Match("talosconfig */talosconfig context deepthought-reader: client certificate O=os:reader: expected valid for at least 30 more days, got expires on *, in 5 days");
    }

    [Fact]
    public async Task DataDisksClean_DataDiskMissing_StillPassesAndPointsAtNodeDisks()
    {
        await using var world = await TestWorld.StartAsync("data-disk-missing");

        var result = await world.EvaluateAsync("storage.data-disks-clean");

        result.Outcome.Should().Be(Outcome.Pass);
        result.Verdict.Evidence.Should().ContainSingle(e => e.Observed == "absent (see storage.node-disks)");
    }

    [Fact]
    public async Task NodeOsImageAndTalosVersion_VersionDrift_BothFailOnTheSameNode()
    {
        await using var world = await TestWorld.StartAsync("node-talos-version-drift");

        var osImage = await world.EvaluateAsync("talos.node-os-image");
        var version = await world.EvaluateAsync("talos.version");

        osImage.Verdict.Message.Should().Be("node talos-work2-marvin: expected osImage \"Talos (v1.10.3)\", got \"Talos (v1.10.2)\"");
        version.Verdict.Evidence.Should().ContainSingle().Which.Subject.Should().Be("node talos-work2-marvin (192.168.1.48)");
    }
}
