using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Twin.Ceph;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Storage;

[Collection(RealCephCollection.Name)]
[Trait("Phase", "Storage")]
public sealed class RealCephClusterTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task SharedCeph_ThreeDataDisks_ReachesHealthOkWithThreeOsdsAndMetrics()
    {
        var install = RealCeph.Require();
        var clock = Clock.StartTimer(TimeProvider.System);
        await using var lease = await SharedCeph.AcquireAsync(install, new CephClusterOptions { Osds = 3, Mons = 3 }, exclusive: false, CancellationToken.None);
        output.WriteLine($"acquired after {clock.Elapsed.TotalSeconds:0.0} s: {lease.Cluster.Description}");
        foreach (var e in lease.Cluster.Events)
        {
            output.WriteLine(e);
        }

        var snapshot = await lease.Cluster.SnapshotAsync(CancellationToken.None);
        snapshot.Health.Should().Be("HEALTH_OK", snapshot.Describe());
        snapshot.Osds.Should().HaveCount(3).And.OnlyContain(o => o.Up && o.In);
        snapshot.Quorum.Should().BeEquivalentTo("a", "b", "c");
        snapshot.ActiveCleanPgs.Should().Be(snapshot.NumPgs).And.BePositive();
        var metrics = await lease.Cluster.MetricsAsync(CancellationToken.None);
        metrics.Find("ceph_health_status")!.Value.Should().Be(0);
        metrics.Named("ceph_osd_up").Should().HaveCount(3).And.OnlyContain(s => s.Value == 1);
        lease.Cluster.MetricsUrl.Host.Should().Be("127.0.0.1");
    }
}
