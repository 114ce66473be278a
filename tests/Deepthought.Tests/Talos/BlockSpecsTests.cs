using Deepthought.Checks.Talos;
using Deepthought.Protos.Block;
using Deepthought.Protos.Cosi;
using FluentAssertions;
using Google.Protobuf;
using Xunit;

namespace Deepthought.Tests.Talos;

/// <summary>Block resources decode from proto_spec, or from yaml_spec with either spelling of dev_path.</summary>
public sealed class BlockSpecsTests
{
    [Theory]
    [InlineData("dev_path")]
    [InlineData("dev_dath")]
    public void Volume_YamlOnly_AcceptsBothSpellingsOfDevPath(string key)
    {
        var resource = Yaml("sdb1", $"size: 999\nname: xfs\nlabel: data\ntype: partition\nparent: sdb\n{key}: /dev/sdb1\npretty_size: 999 B\n");

        BlockSpecs.Volume(resource).Should().Be(new VolumeFacts("sdb1", "partition", "xfs", "sdb", "/dev/sdb1", 999, "data", ""));
    }

    [Fact]
    public void Disk_YamlOnly_ReadsRotationalAndSize()
    {
        var resource = Yaml("sdb", "size: 1000204886016\nio_size: 4096\nsector_size: 512\nreadonly: false\nmodel: ST1000\ntransport: sata\nrotational: true\ncdrom: false\ndev_path: /dev/sdb\npretty_size: 1.0 TB\n");

        BlockSpecs.Disk(resource).Should().Be(new DiskFacts("sdb", "/dev/sdb", 1000204886016, "1.0 TB", true, "sata", "ST1000", false, false));
    }

    [Fact]
    public void Disk_ProtoAndYamlDisagree_ProtoWins()
    {
        var resource = Yaml("sda", "size: 1\nrotational: true\ndev_path: /dev/wrong\n");
        resource.Spec.ProtoSpec = new DiskSpec { Size = 256_000_000_000, Rotational = false, DevPath = "/dev/sda", PrettySize = "256 GB" }.ToByteString();

        BlockSpecs.Disk(resource).Should().Be(new DiskFacts("sda", "/dev/sda", 256_000_000_000, "256 GB", false, "", "", false, false));
    }

    [Fact]
    public void Disk_Symlinks_AreReadFromProtoAndYaml()
    {
        string[] links = ["/dev/disk/by-id/wwn-0x5000c500a1b2c3d4", "/dev/disk/by-path/pci-0000:00:17.0-ata-2"];
        var yaml = Yaml("sdb", "size: 1\ndev_path: /dev/sdb\nsymlinks:\n    - /dev/disk/by-id/wwn-0x5000c500a1b2c3d4\n    - /dev/disk/by-path/pci-0000:00:17.0-ata-2\n");
        var proto = Yaml("sdb", "");
        proto.Spec.ProtoSpec = new DiskSpec { Size = 1, DevPath = "/dev/sdb", Symlinks = { links } }.ToByteString();

        BlockSpecs.Disk(yaml).Symlinks.Should().Equal(links);
        BlockSpecs.Disk(proto).Symlinks.Should().Equal(links);
    }

    [Fact]
    public void SystemDisk_YamlOnly_ReadsDiskId()
    {
        BlockSpecs.SystemDiskId(Yaml("system-disk", "diskID: nvme0n1\ndevPath: /dev/nvme0n1\n")).Should().Be("nvme0n1");
    }

    private static Resource Yaml(string id, string yaml) => new()
    {
        Metadata = new Deepthought.Protos.Cosi.Metadata { Id = id, Namespace = "runtime" },
        Spec = new Spec { YamlSpec = yaml },
    };
}
