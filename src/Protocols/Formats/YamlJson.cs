using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deepthought.Protocols;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deepthought.Protocols.Formats;

/// <summary>
/// Reads Kubernetes YAML (one or more documents) as JSON, with YAML 1.2 core-schema typing of plain scalars (so
/// <c>port: 80</c> stays a number and <c>"80"</c> a string): what kubectl sends and what the API server makes of
/// <c>application/apply-patch+yaml</c>. One reader for the harness (project manifests, profiles) and the twin.
/// </summary>
public static partial class YamlJson
{
    /// <summary>The manifest documents of a file; bad YAML or a non-mapping document is a configuration error naming file, line and column.</summary>
    public static IReadOnlyList<JsonObject> ParseDocuments(string yaml, string fileName)
    {
        var stream = Load(yaml, fileName);
        var documents = new List<JsonObject>();
        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue; // an empty document between two ---
            }

            if (Convert(doc.RootNode) is not JsonObject obj)
            {
                throw new ConfigurationException(
                    $"{fileName}:{doc.RootNode.Start.Line}:{doc.RootNode.Start.Column}: a Kubernetes manifest document must be a mapping");
            }

            documents.Add(obj);
        }

        return documents;
    }

    /// <summary>Every non-empty document of a YAML stream, as JSON (a YamlException propagates: the caller answers it).</summary>
    public static IReadOnlyList<JsonNode> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Where(d => d.RootNode is not YamlScalarNode { Value: null or "" })
            .Select(d => Convert(d.RootNode))
            .OfType<JsonNode>()
            .ToList();
    }

    /// <summary>The objects (mappings) of a YAML stream; empty documents are skipped.</summary>
    public static IReadOnlyList<JsonObject> ParseObjects(string yaml) => ParseAll(yaml).OfType<JsonObject>().ToList();

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => Mapping(m),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode sc => Scalar(sc),
        _ => throw new YamlException(node.Start, node.End, "unsupported YAML node"),
    };

    private static YamlStream Load(string yaml, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigurationException(
                $"{fileName}:{e.Start.Line}:{e.Start.Column}: not valid YAML ({e.Message.Split('\n')[0].Trim()}) — fix the syntax at that place");
        }

        return stream;
    }

    private static JsonObject Mapping(YamlMappingNode m)
    {
        var o = new JsonObject();
        foreach (var (k, v) in m.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? throw new YamlException(k.Start, k.End, "mapping keys must be scalars");
            o[key] = Convert(v);
        }

        return o;
    }

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(v);
        }

        if (v is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (v is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (v is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IntPattern().IsMatch(v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (FloatPattern().IsMatch(v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(v);
    }

    // YAML 1.2 core schema: int and float (decimal forms; .inf/.nan stay strings, as Kubernetes manifests never use them).
    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
