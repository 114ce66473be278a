using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deepthought.Checks.Gateway;

/// <summary>
/// Reads Kubernetes YAML (one or more documents) as JSON objects, with YAML 1.2 core-schema typing for plain
/// scalars (so <c>port: 80</c> stays a number and <c>"80"</c> a string), which is what kubectl sends.
/// </summary>
public static class YamlJson
{
    public static IReadOnlyList<JsonObject> ParseDocuments(string yaml, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new Model.ConfigurationException(
                $"{fileName}:{e.Start.Line}:{e.Start.Column}: not valid YAML ({e.Message.Split('\n')[0].Trim()}) — fix the syntax at that place");
        }

        var documents = new List<JsonObject>();
        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue; // an empty document between two ---
            }

            if (Convert(doc.RootNode) is not JsonObject obj)
            {
                throw new Model.ConfigurationException(
                    $"{fileName}:{doc.RootNode.Start.Line}:{doc.RootNode.Start.Column}: a Kubernetes manifest document must be a mapping");
            }

            documents.Add(obj);
        }

        return documents;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => Map(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException($"unsupported YAML node at {node.Start}"),
    };

    private static JsonObject Map(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            obj[((YamlScalarNode)key).Value ?? ""] = Convert(value);
        }

        return obj;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (text.Any(char.IsDigit) && !text.Contains(':', StringComparison.Ordinal)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }
}
