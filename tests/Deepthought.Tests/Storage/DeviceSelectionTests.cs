using Deepthought.Checks.Storage;
using Deepthought.Protocols.Rook;
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
    public void DevicesAndAFilter_RookAppliesOnlyTheDeviceList()
    {
        var spec = new StorageSpec(false, None, [("n1", new StorageSelection(null, "^sd[a-c]$", null, ["sdb"]))]);

        var selection = DeviceSelection.For(spec, "n1", Disks);

        selection.Selected.Should().Equal("sdb");
        selection.Reasons.Should().Equal("devices: sdb", "deviceFilter '^sd[a-c]$' ignored: Rook applies devices first");
    }

    [Fact]
    public void FilterAndUseAllDevices_RookAppliesOnlyTheFilter()
    {
        var spec = new StorageSpec(true, new StorageSelection(true, "^sdc$", "^/dev/sda$", []), []);

        var selection = DeviceSelection.For(spec, "n1", Disks);

        selection.Selected.Should().Equal("sdc");
        selection.Reasons.Should().Equal("deviceFilter '^sdc$' matches [sdc]", "devicePathFilter '^/dev/sda$', useAllDevices: true ignored: Rook applies deviceFilter first");
    }

    [Fact]
    public void PathFilterAndUseAllDevices_RookAppliesOnlyThePathFilter()
    {
        var spec = new StorageSpec(true, new StorageSelection(true, null, "^/dev/sdb$", []), []);

        DeviceSelection.For(spec, "n1", Disks).Selected.Should().Equal("sdb");
    }

    [Fact]
    public void NodeDevices_OverrideTheClusterFilter_InheritedFilterIsIgnored()
    {
        var spec = new StorageSpec(false, new StorageSelection(null, "^sd[a-z]$", null, []), [("n1", new StorageSelection(null, null, null, ["sdc"]))]);

        DeviceSelection.For(spec, "n1", Disks).Selected.Should().Equal("sdc");
    }

    [Fact]
    public void ByIdAndByPathDevices_ResolveThroughTheTalosLinks()
    {
        KnownDisk[] disks = [new("sda", ["/dev/disk/by-id/ata-Samsung_SSD_870_EVO_S6P1"]), new("sdb", ["/dev/disk/by-id/wwn-0x5000c500a1b2c3d4", "/dev/disk/by-path/pci-0000:00:17.0-ata-2"]), new("sdc", ["/dev/disk/by-path/pci-0000:00:17.0-ata-3"])];
        var spec = new StorageSpec(false, None, [("n1", new StorageSelection(false, null, null, ["/dev/disk/by-id/wwn-0x5000c500a1b2c3d4", "/dev/disk/by-path/pci-0000:00:17.0-ata-3"]))]);

        var selection = DeviceSelection.For(spec, "n1", disks);

        selection.Selected.Should().Equal("sdb", "sdc");
        selection.Unresolved.Should().BeEmpty();
        selection.Reasons.Should().Contain("devices: /dev/disk/by-id/wwn-0x5000c500a1b2c3d4 (a link of sdb)");
    }

    [Fact]
    public void DevicePathFilter_MatchesTheTalosLinks()
    {
        KnownDisk[] disks = [new("sda", ["/dev/disk/by-path/pci-0000:00:17.0-ata-1"]), new("sdb", ["/dev/disk/by-path/pci-0000:00:17.0-ata-2"])];
        var spec = new StorageSpec(true, new StorageSelection(null, null, "^/dev/disk/by-path/pci-0000:00:17.0-ata-2$", []), []);

        DeviceSelection.For(spec, "n1", disks).Selected.Should().Equal("sdb");
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
