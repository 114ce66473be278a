using System.Text.Json.Nodes;
using Deepthought.Checks.Storage;
using Deepthought.Protocols.Rook;
using Deepthought.Twin.Ceph;
using Deepthought.Twin.Rook;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Storage;

/// <summary>The twin's Rook status loop waits the CephCluster's status interval, as Rook's status checker does.</summary>
public sealed class RookStatusIntervalTests
{
    [Fact]
    public void SeedCephCluster_TwinRefreshesEvery60s_AsRookDoes()
    {
        var profile = StorageTwin.Profile();
        var cr = CephClusterManifest.Build(profile, CephLayout.For(profile), useAllDevices: false);

        RookStatusController.IntervalFor(cr, null).Should().Be(TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("1m30s", 90)]
    [InlineData("2m", 120)]
    [InlineData("1500ms", 1.5)]
    public void CrInterval_IsReadAsAGoDuration(string interval, double seconds)
    {
        var cr = new JsonObject { ["spec"] = new JsonObject { ["healthCheck"] = new JsonObject { ["daemonHealth"] = new JsonObject { ["status"] = new JsonObject { ["interval"] = interval } } } } };

        RookStatusController.IntervalFor(cr, null).Should().Be(TimeSpan.FromSeconds(seconds));
        CephClusterView.Read(cr).StatusInterval.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void NoIntervalInTheCr_IsRooksDefault60s_AndTheOverrideWins()
    {
        var cr = new JsonObject { ["spec"] = new JsonObject() };

        RookStatusController.IntervalFor(cr, null).Should().Be(TimeSpan.FromSeconds(60));
        RookStatusController.IntervalFor(cr, "5").Should().Be(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("10x")]
    [InlineData("")]
    public void UnparsableInterval_FallsBackTo60s(string interval)
    {
        var cr = new JsonObject { ["spec"] = new JsonObject { ["healthCheck"] = new JsonObject { ["daemonHealth"] = new JsonObject { ["status"] = new JsonObject { ["interval"] = interval } } } } };

        CephClusterView.Read(cr).StatusInterval.Should().Be(TimeSpan.FromSeconds(60));
    }
}
