using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Rook;

/// <summary>
/// Helm 3's release storage: one Secret per revision, type <c>helm.sh/release.v1</c>, named
/// <c>sh.helm.release.v1.&lt;release&gt;.v&lt;revision&gt;</c>, labelled name/owner=helm/status/version, holding the release
/// as base64(gzip(JSON)) — a small release record here (no values, no manifest), enough for <c>helm list</c>.
/// </summary>
public static class HelmReleaseSecrets
{
    public static JsonObject Secret(string release, string ns, int revision, string status, string chart, string chartVersion, string appVersion, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var labels = new Dictionary<string, string>
        {
            ["name"] = release,
            ["owner"] = "helm",
            ["status"] = status,
            ["version"] = revision.ToString(CultureInfo.InvariantCulture),
            ["modifiedAt"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        var secret = Manifest.Object("v1", "Secret", $"sh.helm.release.v1.{release}.v{revision}", ns, labels: labels);
        secret["type"] = "helm.sh/release.v1";
        var record = new JsonObject
        {
            ["name"] = release,
            ["namespace"] = ns,
            ["version"] = revision,
            ["info"] = new JsonObject
            {
                ["first_deployed"] = now.ToString("o", CultureInfo.InvariantCulture),
                ["last_deployed"] = now.ToString("o", CultureInfo.InvariantCulture),
                ["status"] = status,
                ["description"] = status == "failed" ? "Upgrade \"" + release + "\" failed: context deadline exceeded" : "Install complete",
            },
            ["chart"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = chart, ["version"] = chartVersion, ["appVersion"] = appVersion, ["apiVersion"] = "v2" },
            },
            ["config"] = new JsonObject(),
            ["manifest"] = "",
        };
        var helmEncoded = Convert.ToBase64String(Gzip(record.ToJsonString()));

        // Secret data is base64 of the bytes; Helm's bytes are themselves base64 text.
        secret["data"] = new JsonObject { ["release"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(helmEncoded)) };
        return secret;
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
