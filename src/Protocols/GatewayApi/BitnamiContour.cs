using System.Text.RegularExpressions;

namespace Deepthought.Protocols.GatewayApi;

/// <summary>
/// The names the bitnami/contour chart gives its objects. Its fullname is the bitnami common chart's: the release
/// name, lower-cased with runs of other characters turned into '-', alone when it already contains the chart name
/// ("contour"), else followed by "-contour"; 63 characters at most, no trailing '-'. The Contour Deployment is
/// &lt;fullname&gt;-contour, Envoy's DaemonSet and Service &lt;fullname&gt;-envoy.
/// </summary>
public static partial class BitnamiContour
{
    public const string Chart = "contour";

    public static string Fullname(string release)
    {
        var name = NonName().Replace(release.ToLowerInvariant(), "-");
        return Trim(name.Contains(Chart, StringComparison.Ordinal) ? name : $"{name}-{Chart}");
    }

    public static string ContourDeployment(string release) => Trim($"{Fullname(release)}-contour");

    public static string Envoy(string release) => Trim($"{Fullname(release)}-envoy");

    private static string Trim(string s)
    {
        s = s.Length > 63 ? s[..63] : s;
        return s.EndsWith('-') ? s[..^1] : s; // Helm's trimSuffix removes one
    }

    [GeneratedRegex(@"(-?[^a-z\d\-])+-?")]
    private static partial Regex NonName();
}
