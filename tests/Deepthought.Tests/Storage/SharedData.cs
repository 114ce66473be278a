using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Tests.Support;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deepthought.Tests.Storage;

/// <summary>
/// The real upstream manifests in the shared data folder: DEEPTHOUGHT_SHARED_DATA, else &lt;repo&gt;/../shared/data (or
/// two levels up, for a git worktree). Required when DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1, else a missing file skips.
/// </summary>
public static class SharedData
{
    public static string Require(string file)
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("DEEPTHOUGHT_SHARED_DATA"),
            Path.Combine(StorageTwin.RepoRoot, "..", "shared", "data"),
            Path.Combine(StorageTwin.RepoRoot, "..", "..", "shared", "data"),
        };
        var path = candidates.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => Path.GetFullPath(Path.Combine(c!, file))).FirstOrDefault(File.Exists);
        if (path is null && Backends.Required)
        {
            throw new InvalidOperationException($"DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 but {file} is not in the shared data folder; set DEEPTHOUGHT_SHARED_DATA");
        }

        Skip.If(path is null, $"{file} not found (set DEEPTHOUGHT_SHARED_DATA)");
        return path!;
    }

    /// <summary>Every document of a YAML file as JSON, with plain scalars typed as YAML 1.2 core does (bool, int, float, null).</summary>
    public static IReadOnlyList<JsonObject> LoadYaml(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonObject>().ToList();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode s => Scalar(s),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(v);
        }

        return v switch
        {
            "true" or "True" => JsonValue.Create(true),
            "false" or "False" => JsonValue.Create(false),
            "null" or "~" or "" => null,
            _ when long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(v),
        };
    }
}
