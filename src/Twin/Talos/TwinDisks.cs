using Deepthought.Protocols.Profile;
using Deepthought.Protos.Block;
using Deepthought.Protos.Cosi;
using Deepthought.Twin.Scenarios;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deepthought.Twin.Talos;

/// <summary>
/// The block resources each twin node serves over COSI (namespace runtime): Disks, DiscoveredVolumes and SystemDisks,
/// from the profile — the OS disk an SSD holding Talos's partitions and the system disk; each data disk an HDD that
/// is blank before Rook and holds a BlueStore OSD once Rook is deployed — then bent by the disk scenarios (applied to
/// the first worker's first data disk).
/// </summary>
[TwinScenario("data-disk-xfs", "the first worker's data disk carries an xfs filesystem (not wiped before Rook)")]
[TwinScenario("data-disk-gpt", "the first worker's data disk has a GPT partition table with a partition")]
[TwinScenario("data-disk-missing", "the first worker's data disk is absent (unplugged or failed)")]
public sealed class TwinDisks
{
    public const string Namespace = "runtime";
    public const string DisksType = "Disks.block.talos.dev";
    public const string VolumesType = "DiscoveredVolumes.block.talos.dev";
    public const string SystemDisksType = "SystemDisks.block.talos.dev";

    private readonly Dictionary<string, NodeBlocks> _nodes = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _created;

    public TwinDisks(ClusterProfile profile, ScenarioSet scenarios, TimeProvider time)
    {
        _created = time.GetUtcNow().AddMinutes(-30);
        var bent = profile.Nodes.FirstOrDefault(n => n.Role == NodeRole.Worker) ?? profile.Nodes.FirstOrDefault();
        var deployed = profile.Storage.State == StorageState.Deployed;
        foreach (var node in profile.Nodes)
        {
            var blocks = new NodeBlocks();
            var os = node.Disks.Os;
            var osSize = Size(os, 256);
            blocks.Disks.Add(new DiskSpec
            {
                Size = osSize, IoSize = 512, SectorSize = 512, Model = "Samsung SSD 870 EVO", Serial = $"S6P{Serial(node.Name, os.Device)}",
                Modalias = "scsi:t-0x00", Wwid = $"naa.5002538{Serial(node.Name, os.Device)}", BusPath = "/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0",
                SubSystem = "/sys/class/block", Transport = "sata", Rotational = false, DevPath = $"/dev/{os.Device}", PrettySize = PrettySize(osSize),
                Symlinks = { Links("Samsung SSD 870 EVO", $"S6P{Serial(node.Name, os.Device)}", $"5002538{Serial(node.Name, os.Device)}", 1) },
            });
            blocks.Volumes.Add(Volume(os.Device, "disk", osSize, "gpt", "", "", null, 0));
            ulong offset = 0;
            var partitions = new (string Label, string Fs, ulong Size)[]
            {
                ("EFI", "vfat", 2_200_000_000), ("META", "talosmeta", 1_048_576), ("STATE", "xfs", 104_857_600), ("EPHEMERAL", "xfs", 0),
            };
            for (var i = 0; i < partitions.Length; i++)
            {
                var p = partitions[i];
                var size = p.Size == 0 ? osSize - offset - 1_048_576 : p.Size;
                offset += size;
                blocks.Volumes.Add(Volume($"{os.Device}{i + 1}", "partition", size, p.Fs, p.Fs == "xfs" ? p.Label : "", p.Label, os.Device, i + 1));
            }

            blocks.SystemDisk = new SystemDiskSpec { DiskId = os.Device, DevPath = $"/dev/{os.Device}" };
            for (var d = 0; d < node.Disks.Data.Count; d++)
            {
                var data = node.Disks.Data[d];
                var bend = node == bent && d == 0;
                if (bend && scenarios.Has("data-disk-missing"))
                {
                    continue;
                }

                var size = Size(data, 1000);
                blocks.Disks.Add(new DiskSpec
                {
                    Size = size, IoSize = 4096, SectorSize = 512, Model = "ST1000DM010-2EP102", Serial = $"ZN1{Serial(node.Name, data.Device)}",
                    Modalias = "scsi:t-0x00", Wwid = $"naa.5000c500{Serial(node.Name, data.Device)}", BusPath = $"/pci0000:00/0000:00:17.0/ata{d + 2}/host{d + 1}/target{d + 1}:0:0/{d + 1}:0:0:0",
                    SubSystem = "/sys/class/block", Transport = "sata", Rotational = true, DevPath = $"/dev/{data.Device}", PrettySize = PrettySize(size),
                    Symlinks = { Links("ST1000DM010-2EP102", $"ZN1{Serial(node.Name, data.Device)}", $"5000c500{Serial(node.Name, data.Device)}", d + 2) },
                });
                if (bend && scenarios.Has("data-disk-xfs"))
                {
                    blocks.Volumes.Add(Volume(data.Device, "disk", size, "xfs", "data", "", null, 0));
                }
                else if (bend && scenarios.Has("data-disk-gpt"))
                {
                    blocks.Volumes.Add(Volume(data.Device, "disk", size, "gpt", "", "", null, 0));
                    blocks.Volumes.Add(Volume($"{data.Device}1", "partition", size - 2_097_152, "", "", "primary", data.Device, 1));
                }
                else
                {
                    blocks.Volumes.Add(Volume(data.Device, "disk", size, deployed ? "bluestore" : "", "", "", null, 0));
                }
            }

            _nodes[node.Name] = blocks;
        }
    }

    /// <summary>COSI List: the node's resources of one type; unknown types are refused as Talos's access filter does.</summary>
    public IReadOnlyList<Resource> List(TwinNode node, string ns, string type)
    {
        var blocks = _nodes[node.Name];
        if (ns != Namespace)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"namespace \"{ns}\" is not accessible"));
        }

        var typo = DevPathTypo(node.TalosVersion);
        return type switch
        {
            DisksType => blocks.Disks.Select(d => Wrap(type, d.DevPath[5..], d, DiskYaml.Disk(d))).ToList(),
            VolumesType => blocks.Volumes.Select(v => Wrap(type, v.DevPath[5..], v, DiskYaml.Volume(v, typo))).ToList(),
            SystemDisksType => blocks.SystemDisk is { } s ? [Wrap(type, "system-disk", s, DiskYaml.SystemDisk(s))] : [],
            _ => throw new RpcException(new Status(StatusCode.PermissionDenied, $"resource type \"{type}\" is not accessible")),
        };
    }

    /// <summary>Talos v1.10.0–v1.10.3 wrote DiscoveredVolume's dev_path as "dev_dath" in YAML (fixed in v1.10.4).</summary>
    public static bool DevPathTypo(string talosVersion) =>
        talosVersion is "v1.10.0" or "v1.10.1" or "v1.10.2" or "v1.10.3";

    /// <summary>go-humanize's Bytes (SI units), as Talos fills pretty_size.</summary>
    public static string PrettySize(ulong bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
        if (bytes < 10)
        {
            return $"{bytes} B";
        }

        var e = (int)Math.Floor(Math.Log(bytes) / Math.Log(1000));
        var value = Math.Floor((bytes / Math.Pow(1000, e) * 10) + 0.5) / 10;
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, value < 10 ? "{0:0.0} {1}" : "{0:0} {1}", value, units[e]);
    }

    private Resource Wrap(string type, string id, IMessage spec, string yaml) => new()
    {
        Metadata = new Protos.Cosi.Metadata
        {
            Namespace = Namespace, Type = type, Id = id, Version = "1", Owner = "block.DisksController", Phase = "running",
            Created = Timestamp.FromDateTimeOffset(_created), Updated = Timestamp.FromDateTimeOffset(_created),
        },
        Spec = new Spec { ProtoSpec = spec.ToByteString(), YamlSpec = yaml },
    };

    private static DiscoveredVolumeSpec Volume(string id, string type, ulong size, string name, string label, string partitionLabel, string? parent, int index) => new()
    {
        Size = size, SectorSize = 512, IoSize = 512, Name = name, Label = label, PartitionLabel = partitionLabel,
        PartitionIndex = (ulong)index, Type = type, DevicePath = $"/sys/devices/virtual/block/{id}", Parent = parent ?? "",
        DevPath = $"/dev/{id}", ParentDevPath = parent is null ? "" : $"/dev/{parent}", PrettySize = PrettySize(size),
        Uuid = name.Length == 0 ? "" : Guid.NewGuid().ToString(),
    };

    private static ulong Size(DiskProfile disk, double defaultGb)
    {
        var gb = disk.MinSizeGb > 0 && disk.MaxSizeGb > 0 ? (disk.MinSizeGb + disk.MaxSizeGb) / 2
            : disk.MinSizeGb > 0 ? Math.Max(defaultGb, disk.MinSizeGb * 1.5)
            : disk.MaxSizeGb > 0 ? disk.MaxSizeGb * 0.8
            : defaultGb;
        return (ulong)(gb * 1e9) / 512 * 512;
    }

    // The links udev makes under /dev/disk for a SATA disk, sorted as Talos reports them (Disk spec symlinks).
    private static IEnumerable<string> Links(string model, string serial, string wwn, int port) =>
        new[] { $"/dev/disk/by-id/ata-{model.Replace(' ', '_')}_{serial}", $"/dev/disk/by-id/wwn-0x{wwn.ToLowerInvariant()}", $"/dev/disk/by-path/pci-0000:00:17.0-ata-{port}", $"/dev/disk/by-path/pci-0000:00:17.0-ata-{port}.0" }
            .Order(StringComparer.Ordinal);

    private static string Serial(string node, string device) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(node + device)))[..10];

    private sealed class NodeBlocks
    {
        public List<DiskSpec> Disks { get; } = [];

        public List<DiscoveredVolumeSpec> Volumes { get; } = [];

        public SystemDiskSpec? SystemDisk { get; set; }
    }
}
