using System.Globalization;
using Deepthought.Protos.Block;
using Deepthought.Protos.Cosi;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Deepthought.Checks.Talos;

/// <summary>
/// Decodes the block resources' specs: the protobuf <c>proto_spec</c> when the server sent one (field numbers do not
/// change between releases), else the <c>yaml_spec</c> — accepting DiscoveredVolume's <c>dev_dath</c>, the YAML key
/// Talos v1.10.0–v1.10.3 wrote instead of <c>dev_path</c>.
/// </summary>
public static class BlockSpecs
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    public static DiskFacts Disk(Resource resource)
    {
        var id = resource.Metadata?.Id ?? "";
        if (resource.Spec?.ProtoSpec is { IsEmpty: false } proto)
        {
            var d = DiskSpec.Parser.ParseFrom(proto);
            return new DiskFacts(id, Or(d.DevPath, $"/dev/{id}"), d.Size, d.PrettySize, d.Rotational, d.Transport, d.Model, d.Readonly, d.Cdrom) { Symlinks = d.Symlinks.ToList() };
        }

        var y = Map(resource);
        return new DiskFacts(id, Or(Text(y, "dev_path"), $"/dev/{id}"), Number(y, "size"), Text(y, "pretty_size"), Flag(y, "rotational"),
            Text(y, "transport"), Text(y, "model"), Flag(y, "readonly"), Flag(y, "cdrom"))
        { Symlinks = y.TryGetValue("symlinks", out var links) && links is List<object> list ? list.OfType<string>().ToList() : [] };
    }

    public static VolumeFacts Volume(Resource resource)
    {
        var id = resource.Metadata?.Id ?? "";
        if (resource.Spec?.ProtoSpec is { IsEmpty: false } proto)
        {
            var v = DiscoveredVolumeSpec.Parser.ParseFrom(proto);
            return new VolumeFacts(id, v.Type, v.Name, v.Parent, Or(v.DevPath, $"/dev/{id}"), v.Size, v.Label, v.PartitionLabel);
        }

        var y = Map(resource);
        var devPath = Or(Text(y, "dev_path"), Text(y, "dev_dath"));
        return new VolumeFacts(id, Text(y, "type"), Text(y, "name"), Text(y, "parent"), Or(devPath, $"/dev/{id}"), Number(y, "size"), Text(y, "label"), Text(y, "partition_label"));
    }

    /// <summary>SystemDisks.block.talos.dev: proto field 1 disk_id; YAML key diskID.</summary>
    public static string? SystemDiskId(Resource resource)
    {
        if (resource.Spec?.ProtoSpec is { IsEmpty: false } proto)
        {
            return SystemDiskSpec.Parser.ParseFrom(proto).DiskId;
        }

        var id = Text(Map(resource), "diskID");
        return id.Length == 0 ? null : id;
    }

    private static Dictionary<string, object?> Map(Resource resource)
    {
        try
        {
            return Yaml.Deserialize<Dictionary<string, object?>>(resource.Spec?.YamlSpec ?? "") ?? [];
        }
        catch (YamlException)
        {
            return [];
        }
    }

    private static string Text(Dictionary<string, object?> y, string key) => y.TryGetValue(key, out var v) && v is string s ? s : "";

    private static ulong Number(Dictionary<string, object?> y, string key) =>
        ulong.TryParse(Text(y, key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static bool Flag(Dictionary<string, object?> y, string key) => Text(y, key) == "true";

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
