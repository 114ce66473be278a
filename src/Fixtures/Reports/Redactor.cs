using System.Text.RegularExpressions;

namespace Deepthought.Fixtures.Reports;

/// <summary>
/// The writers' last line of defence: checks must never put secrets in evidence, but should one slip through (a probe
/// echoing a kubeconfig, an error quoting a header), anything that looks like a PEM private key, a base64-wrapped PEM,
/// a bearer token, a JWT or a token/key field is replaced by [redacted] before it reaches a report file.
/// </summary>
public static partial class Redactor
{
    public const string Marker = "[redacted]";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var s = PemPrivateKey().Replace(text, Marker);
        s = Base64Pem().Replace(s, Marker);
        s = Bearer().Replace(s, m => m.Groups["scheme"].Value + " " + Marker);
        s = Jwt().Replace(s, Marker);
        s = SecretField().Replace(s, m => m.Groups["key"].Value + m.Groups["sep"].Value + Marker);
        return s;
    }

    // Up to the matching END line; a truncated block (no END) loses everything that still looks like key material.
    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[A-Za-z0-9+/=\s\\:,.-]*)")]
    private static partial Regex PemPrivateKey();

    // "LS0tLS1CRUdJTi" is base64 for "-----BEGIN": kubeconfig client-key-data and Secrets carry PEM that way.
    [GeneratedRegex("LS0tLS1CRUdJTi[A-Za-z0-9+/=]*")]
    private static partial Regex Base64Pem();

    [GeneratedRegex(@"(?<scheme>\b[Bb]earer)\s+[A-Za-z0-9\-._~+/]+=*")]
    private static partial Regex Bearer();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    // Only values that look like credentials (16+ token characters), so prose such as "token: expected ..." survives.
    [GeneratedRegex(@"(?<key>\b(?:token|client-key-data|password)[""']?)(?<sep>\s*[:=]\s*[""']?)[A-Za-z0-9._~+/=-]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex SecretField();
}
