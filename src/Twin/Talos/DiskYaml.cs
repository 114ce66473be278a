using System.Globalization;
using System.Text;
using Deepthought.Protos.Block;

namespace Deepthought.Twin.Talos;

/// <summary>The yaml_spec of the block resources, with Talos's YAML keys (omitempty fields left out when empty).</summary>
internal static class DiskYaml
{
    public static string Disk(DiskSpec d)
    {
        var y = new StringBuilder();
        Line(y, "size", d.Size);
        Line(y, "io_size", d.IoSize);
        Line(y, "sector_size", d.SectorSize);
        Line(y, "readonly", d.Readonly);
        Opt(y, "model", d.Model);
        Opt(y, "serial", d.Serial);
        Opt(y, "modalias", d.Modalias);
        Opt(y, "wwid", d.Wwid);
        Opt(y, "bus_path", d.BusPath);
        Opt(y, "sub_system", d.SubSystem);
        Opt(y, "transport", d.Transport);
        if (d.Rotational)
        {
            Line(y, "rotational", true);
        }

        Line(y, "cdrom", d.Cdrom);
        Line(y, "dev_path", d.DevPath);
        Line(y, "pretty_size", d.PrettySize);
        if (d.Symlinks.Count > 0)
        {
            y.Append("symlinks:\n");
            foreach (var link in d.Symlinks)
            {
                y.Append("    - ").Append(link).Append('\n');
            }
        }

        return y.ToString();
    }

    public static string Volume(DiscoveredVolumeSpec v, bool devPathTypo)
    {
        var y = new StringBuilder();
        Line(y, "size", v.Size);
        Opt(y, "sector_size", v.SectorSize);
        Opt(y, "io_size", v.IoSize);
        Line(y, "name", v.Name);
        Opt(y, "uuid", v.Uuid);
        Opt(y, "label", v.Label);
        Opt(y, "partition_label", v.PartitionLabel);
        Opt(y, "partition_index", v.PartitionIndex);
        Line(y, "type", v.Type);
        Line(y, "device_path", v.DevicePath);
        Opt(y, "parent", v.Parent);
        Line(y, devPathTypo ? "dev_dath" : "dev_path", v.DevPath);
        Opt(y, "parent_dev_path", v.ParentDevPath);
        Line(y, "pretty_size", v.PrettySize);
        return y.ToString();
    }

    public static string SystemDisk(SystemDiskSpec s) => $"diskID: {s.DiskId}\ndevPath: {s.DevPath}\n";

    private static void Line(StringBuilder y, string key, object value)
    {
        var text = value switch
        {
            bool b => b ? "true" : "false",
            string s => s.Length == 0 ? "\"\"" : s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        y.Append(key).Append(": ").Append(text).Append('\n');
    }

    private static void Opt(StringBuilder y, string key, string value)
    {
        if (value.Length > 0)
        {
            Line(y, key, value);
        }
    }

    private static void Opt(StringBuilder y, string key, ulong value)
    {
        if (value != 0)
        {
            Line(y, key, value);
        }
    }
}
