using System.Text.Encodings.Web;
using System.Text.Json;

namespace Deepthought.Fixtures.Reports;

/// <summary>Reads and writes results.json (camelCase, indented; readers accept any schemaVersion 1 document).</summary>
public static class ResultsJson
{
    public const string FileName = "results.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Messages hold quotes and '<': keep them readable in the file (it is JSON, not HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(ResultsDocument document) => JsonSerializer.Serialize(document, Options);

    /// <summary>Reads a results.json; null when it is missing, unreadable or of another schema version.</summary>
    public static ResultsDocument? TryRead(string path)
    {
        try
        {
            var document = JsonSerializer.Deserialize<ResultsDocument>(File.ReadAllText(path), Options);
            return document is { SchemaVersion: ResultsDocument.CurrentSchemaVersion, Run: not null, Checks: not null } ? document : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
