using System.Diagnostics;
using Deepthought.Checks.Model;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Talos;
using Deepthought.Twin.Etcd;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Etcd;

/// <summary>Real etcd members behind the twin's Talos etcd APIs: membership, NOSPACE, a stopped member, clean teardown.</summary>
public sealed class RealEtcdTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task ThreeControlPlanes_HealthyEtcd_MembersAreTheControlPlanesAndToleratesOne()
    {
        RealEtcd.Require();
        var clock = Stopwatch.StartNew();
        var world = await TwinChecks.StartAsync(profile: TalosTestWorld.Profile("deepthought-3cp.yaml"));
        output.WriteLine($"twin with 3 real etcd members started in {clock.ElapsedMilliseconds} ms");
        var etcd = world.Twin.Context.Find<ITwinEtcd>().Should().BeOfType<RealEtcdCluster>().Subject;
        var pids = etcd.Members.OfType<EtcdProcess>().Select(m => m.ProcessId).ToList();
        var containers = etcd.Members.OfType<EtcdContainer>().Select(m => m.ContainerId).ToList();
        try
        {
            var members = await world.RunAsync("etcd.members");
            var tolerance = await world.RunAsync("etcd.fault-tolerance");
            var health = await world.RunAsync("etcd.member-health");

            members.Outcome.Should().Be(Outcome.Pass, members.Verdict.Message);
            members.Verdict.Message.Should().Be("3 etcd members = the control planes (talos-cp1-zaphod, talos-cp2-eddie, talos-cp3-slartibartfast)");
            // The real member URLs keep their real ports; only the loopback host is the node's address.
            var cp2 = etcd.Members.Single(m => m.Node.Name == "talos-cp2-eddie");
            members.Verdict.Evidence.Should().Contain(e => e.Observed.Contains($"talos-cp2-eddie@http://192.168.1.33:{cp2.PeerPort}", StringComparison.Ordinal));
            tolerance.Outcome.Should().Be(Outcome.Pass);
            tolerance.Verdict.Message.Should().Be("3 etcd members, 3 healthy: etcd tolerates 1 member failure(s)");
            health.Outcome.Should().Be(Outcome.Pass, health.Verdict.Message);
        }
        finally
        {
            await world.DisposeAsync();
        }

        pids.Where(Alive).Should().BeEmpty("teardown leaves no etcd process behind");
        (pids.Count + containers.Count).Should().Be(3, "every member is a process or a container");
        foreach (var id in containers)
        {
            (await DockerEngine.ListAsync(DockerEngine.Endpoint(), DockerEngine.TwinLabel, DockerEngine.EtcdComponent, CancellationToken.None))
                .Should().NotContain(c => c.ID == id, "teardown removes every etcd container");
        }
    }

    [SkippableFact]
    public async Task EtcdMemberStopped_ThreeControlPlanes_HealthFailsAndToleranceWarns()
    {
        RealEtcd.Require();
        await using var world = await TwinChecks.StartAsync("etcd-member-stopped", TalosTestWorld.Profile("deepthought-3cp.yaml"));

        var health = await world.RunAsync("etcd.member-health");
        var tolerance = await world.RunAsync("etcd.fault-tolerance");
        var members = await world.RunAsync("etcd.members");
        var services = await world.RunAsync("talos.services-healthy");

        health.Outcome.Should().Be(Outcome.Fail);
        health.Verdict.Message.Should().Match(
            "etcd member on talos-cp3-slartibartfast (192.168.1.34): expected a status with a leader and no errors, got EtcdStatus on node 192.168.1.34 through endpoint 127.0.0.1:* failed: Unknown: etcd member talos-cp3-slartibartfast did not answer: dial tcp 127.0.0.1:*: connect: connection refused");
        tolerance.Outcome.Should().Be(Outcome.Warn);
        tolerance.Verdict.Message.Should().Be("3 etcd member(s) with 2 healthy tolerate no member failure");
        members.Outcome.Should().Be(Outcome.Fail);
        members.Verdict.Message.Should().StartWith("etcd members seen from talos-cp3-slartibartfast (192.168.1.34): expected an EtcdMemberList answer, got ");
        services.Verdict.Message.Should().Be("node talos-cp3-slartibartfast (192.168.1.34) service etcd: expected Running and healthy, got Failed (\"etcd process exited\") — run: talosctl -n 192.168.1.34 service etcd");
    }

    [SkippableFact]
    public async Task EtcdNoSpace_RealQuotaFilled_AlarmsAndHealthFail()
    {
        RealEtcd.Require();
        await using var world = await TwinChecks.StartAsync("etcd-nospace");

        var alarms = await world.RunAsync("etcd.alarms");
        var health = await world.RunAsync("etcd.member-health");
        var size = await world.RunAsync("etcd.db-size");

        alarms.Outcome.Should().Be(Outcome.Fail);
        alarms.Verdict.Message.Should().Match(
            "etcd member * (talos-cp1-zaphod): expected no alarm, got alarm NOSPACE — the database reached its quota: free space (compact), then talosctl -n 192.168.1.32 etcd defrag and talosctl -n 192.168.1.32 etcd alarm disarm");
        health.Verdict.Message.Should().Match("etcd member on talos-cp1-zaphod (192.168.1.32), member *: expected no errors, got errors: memberID:* alarm:NOSPACE*");
        // The profile's quota is 2 GiB: the 16 MiB database is small against it (the profile does not describe this cluster's quota).
        size.Outcome.Should().Be(Outcome.Pass);
    }

    [SkippableFact]
    public async Task EtcdDbSize_ProfileQuotaIsTheRealOne_FailsWhenNoSpace()
    {
        RealEtcd.Require();
        var profile = ProfileLoader.Parse(
            File.ReadAllText(Path.Combine(TalosTestWorld.RepositoryRootPath, "profiles", "deepthought.yaml"))
                .Replace("  maxDbPercentOfQuota: 80", $"  maxDbPercentOfQuota: 80\n  quotaBytes: {EtcdTwin.NoSpaceQuotaBytes}", StringComparison.Ordinal),
            "deepthought-16mib.yaml");
        await using var world = await TwinChecks.StartAsync("etcd-nospace", profile);

        var size = await world.RunAsync("etcd.db-size");

        size.Outcome.Should().Be(Outcome.Fail);
        size.Verdict.Message.Should().Match(
            "etcd member on talos-cp1-zaphod (192.168.1.32): expected below 80% of 16.8 MB (13.4 MB), got * MB (*% of the 16.8 MB quota, * in use) — defragment: talosctl -n 192.168.1.32 etcd defrag");
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
