using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Linkerd;

/// <summary>
/// Helm's release storage: one Secret per revision, type helm.sh/release.v1, named sh.helm.release.v1.&lt;release&gt;.v&lt;n&gt;,
/// labelled name/owner=helm/status/version. The payload is base64(gzip(JSON)) like Helm's; the twin's payload holds
/// only chart metadata and status (no values: a real one would carry the issuer key given with --set-file).
/// </summary>
public static class HelmReleaseSecret
{
    public static JsonObject Build(string release, string ns, int revision, string status, string chart, string chartVersion, string appVersion, TimeProvider time)
    {
        var now = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var payload = new JsonObject
        {
            ["name"] = release,
            ["namespace"] = ns,
            ["version"] = revision,
            ["info"] = new JsonObject
            {
                ["first_deployed"] = now,
                ["last_deployed"] = now,
                ["status"] = status,
                ["description"] = status == "deployed" ? "Install complete" : $"Upgrade \"{release}\" failed: context deadline exceeded",
            },
            ["chart"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = chart, ["version"] = chartVersion, ["appVersion"] = appVersion, ["apiVersion"] = "v2" },
            },
        };
        var labels = new Dictionary<string, string>
        {
            ["name"] = release,
            ["owner"] = "helm",
            ["status"] = status,
            ["version"] = revision.ToString(CultureInfo.InvariantCulture),
        };
        var secret = Manifest.Object("v1", "Secret", $"sh.helm.release.v1.{release}.v{revision}", ns, labels);
        secret["type"] = "helm.sh/release.v1";
        secret["data"] = new JsonObject { ["release"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(Gzip(payload.ToJsonString()))) };
        return secret;
    }

    private static string Gzip(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }
}
