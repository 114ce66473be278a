using Deepthought.Checks.Storage;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Storage;

public sealed class DeviceSelectionTests
{
    private static readonly string[] Disks = ["sda", "sdb", "sdc"];

    private static StorageSelection None => new(null, null, null, []);

    [Fact]
    public void ListedNodeDevices_SelectOnlyThoseDisks()
    {
        var spec = new StorageSpec(false, None, [("n1", new StorageSelection(null, null, null, ["sdb", "/dev/sdc"]))]);

        var selection = DeviceSelection.For(spec, "n1", Disks);

        selection.Listed.Should().BeTrue();
        selection.Selected.Should().Equal("sdb", "sdc");
        selection.Unresolved.Should().BeEmpty();
    }

    [Fact]
    public void UseAllNodesAndDevices_SelectsEveryDiskIncludingTheOsDisk()
    {
        var spec = new StorageSpec(true, new StorageSelection(true, null, null, []), []);

        DeviceSelection.For(spec, "any", Disks).Selected.Should().Equal("sda", "sdb", "sdc");
    }

    [Fact]
    public void NodeNotListed_WithoutUseAllNodes_GetsNothing()
    {
        var spec = new StorageSpec(false, new StorageSelection(true, null, null, []), [("n1", None)]);

        var selection = DeviceSelection.For(spec, "n2", Disks);

        selection.Listed.Should().BeFalse();
        selection.Selected.Should().BeEmpty();
    }

    [Fact]
    public void NodeWithoutOwnSelection_InheritsTheClusterFilter()
    {
        var spec = new StorageSpec(false, new StorageSelection(null, "^sd[b-z]$", null, []), [("n1", None)]);

        DeviceSelection.For(spec, "n1", Disks).Selected.Should().Equal("sdb", "sdc");
    }

    [Fact]
    public void DevicePathFilter_MatchesDevPaths()
    {
        var spec = new StorageSpec(true, new StorageSelection(null, null, "^/dev/sdb$", []), []);

        DeviceSelection.For(spec, "n1", Disks).Selected.Should().Equal("sdb");
    }

    [Fact]
    public void ByIdDevice_IsReportedAsUnresolved()
    {
        var spec = new StorageSpec(false, None, [("n1", new StorageSelection(false, null, null, ["/dev/disk/by-id/wwn-0x5000c500a1b2c3d4"]))]);

        var selection = DeviceSelection.For(spec, "n1", Disks);

        selection.Selected.Should().BeEmpty();
        selection.Unresolved.Should().Equal("/dev/disk/by-id/wwn-0x5000c500a1b2c3d4");
    }

    [Fact]
    public void InvalidFilter_IsReportedNotThrown()
    {
        var spec = new StorageSpec(true, new StorageSelection(null, "sd[", null, []), []);

        var selection = DeviceSelection.For(spec, "n1", Disks);

        selection.Selected.Should().BeEmpty();
        selection.Reasons.Should().ContainSingle().Which.Should().Contain("not a valid regular expression");
    }
}
