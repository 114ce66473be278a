using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Kubernetes.Api;

namespace Deepthought.Twin.Kubectl.Tables;

/// <summary>
/// Renders objects as a <c>meta.k8s.io</c> Table (what <c>kubectl get</c> asks for): built-in columns per kind,
/// a CRD's additionalPrinterColumns for its objects, and each row's object as metadata, in full, or not at all.
/// </summary>
public static class TableBuilder
{
    public static JsonObject Build(
        IReadOnlyList<JsonObject> items,
        ResourceType type,
        JsonObject? crd,
        string tableVersion,
        string includeObject,
        long resourceVersion,
        DateTimeOffset now)
    {
        var columns = CrdColumns(type, crd) ?? TableColumns.For(type);
        var definitions = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["type"] = c.Type,
            ["format"] = c.Format,
            ["description"] = c.Description,
            ["priority"] = c.Priority,
        }).ToArray());
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var row = new JsonObject { ["cells"] = new JsonArray(columns.Select(c => c.Cell(item, now)).ToArray()) };
            var obj = includeObject switch
            {
                "None" => null,
                "Object" => item.DeepClone(),
                _ => MediaTypes.PartialMetadata(item, tableVersion),
            };
            if (obj is not null)
            {
                row["object"] = obj;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = $"meta.k8s.io/{tableVersion}",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    // A custom resource prints its CRD's additionalPrinterColumns (date columns as ages), else Name and Age.
    private static IReadOnlyList<TableColumn>? CrdColumns(ResourceType type, JsonObject? crd)
    {
        if (crd is null)
        {
            return null;
        }

        var version = (crd["spec"]?["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => (string?)v["name"] == type.Version);
        if (version?["additionalPrinterColumns"] is not JsonArray printer || printer.Count == 0)
        {
            return [TableColumns.Name, TableColumns.Age];
        }

        var columns = new List<TableColumn> { TableColumns.Name };
        foreach (var c in printer.OfType<JsonObject>())
        {
            var path = (string?)c["jsonPath"] ?? "";
            var colType = (string?)c["type"] ?? "string";
            columns.Add(new TableColumn(
                (string?)c["name"] ?? path,
                colType == "date" ? "date" : colType,
                (string?)c["format"] ?? "",
                (string?)c["description"] ?? "",
                (int)(JsonNumbers.Long(c["priority"]) ?? 0),
                (o, now) => colType == "date"
                    ? (JsonPathLite.Select(o, path).FirstOrDefault() is JsonValue v ? HumanDuration.Since(v.ToString(), now) : "<unknown>")
                    : JsonPathLite.Text(o, path)));
        }

        return columns;
    }
}
