using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Tests.Support;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deepthought.Tests.Storage;

/// <summary>
/// The real upstream manifests in the shared data folder (<see cref="Repo.SharedData"/>). Required when
/// DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1, else a missing file skips (<see cref="Backends"/>).
/// </summary>
public static class SharedData
{
    public static string Require(string file) => Kubernetes.RealBackends.SharedData(file);

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
