using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Mesh;

/// <summary>The rules `linkerd check` applies to the anchor and the issuer (pkg/healthcheck, category linkerd-identity).</summary>
public static class CertificateRules
{
    /// <summary>Within its validity period (fail), and not within the expiry horizon (warn, 60 days like linkerd check).</summary>
    public static void Lifetime(Findings f, string subject, CertificateView c, DateTimeOffset now, int warningDays)
    {
        var left = c.NotAfter - now;
        if (now < c.NotBefore)
        {
            f.Fail(subject, $"valid now ({CertificateView.Day(now)})", $"not valid before {CertificateView.Day(c.NotBefore)}");
        }
        else if (left < TimeSpan.Zero)
        {
            f.Fail(subject, "within its validity period", $"expired {CertificateView.Day(c.NotAfter)} ({Days(-left)} ago)");
        }
        else if (left < TimeSpan.FromDays(warningDays))
        {
            f.Warn(subject, $"valid for at least {warningDays} days", $"expires {CertificateView.Day(c.NotAfter)} (in {Days(left)})");
        }
        else
        {
            f.Saw(subject, $"valid for at least {warningDays} days", $"valid until {CertificateView.Day(c.NotAfter)} ({Days(left)} left)");
        }
    }

    public static void Crypto(Findings f, string subject, CertificateView c)
    {
        if (!c.HasSupportedCrypto)
        {
            f.Fail(subject, "an ECDSA P-256 key signed with ECDSA-SHA256 (the only algorithm Linkerd accepts)", $"{c.KeyAlgorithm} signed with {c.SignatureAlgorithm}");
        }
    }

    public static void Ca(Findings f, string subject, CertificateView c)
    {
        if (!c.IsCa)
        {
            f.Fail(subject, "a CA certificate (basicConstraints CA:TRUE)", "not a CA");
        }
    }

    private static string Days(TimeSpan t)
    {
        var (n, unit) = t.TotalDays >= 1 ? (Math.Floor(t.TotalDays), "day") : (Math.Max(0, Math.Floor(t.TotalHours)), "hour");
        return $"{n:0} {unit}{(n == 1 ? "" : "s")}";
    }
}

/// <summary>Which anchor the profile expects: by PEM file, by fingerprint, or (neither given) by common name.</summary>
public sealed record AnchorExpectation(string Description, string? Fingerprint, string CommonName)
{
    public bool Matches(CertificateView c) =>
        Fingerprint is not null ? c.FingerprintSha256 == Fingerprint : string.Equals(c.CommonName, CommonName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the expectation; a profiled PEM file that cannot be read is a configuration error (returned as text).</summary>
    public static (AnchorExpectation? Expectation, string? Error) From(ClusterProfile profile)
    {
        var a = profile.Mesh.Linkerd.TrustAnchor;
        if (a.PemFile.Length > 0)
        {
            var baseDir = profile.SourcePath.Length > 0 ? Path.GetDirectoryName(profile.SourcePath)! : Directory.GetCurrentDirectory();
            var path = Path.GetFullPath(a.PemFile, baseDir);
            var where = profile.SourcePath.Length > 0 ? profile.SourcePath : "the profile";
            if (!File.Exists(path))
            {
                return (null, $"{where}: mesh.linkerd.trustAnchor.pemFile: {path} not found — point it at your ca.crt (relative to the profile) or use fingerprintSha256");
            }

            IReadOnlyList<CertificateView> certs;
            try
            {
                certs = CertificateView.ParsePem(File.ReadAllText(path));
            }
            catch (FormatException e)
            {
                return (null, $"{where}: mesh.linkerd.trustAnchor.pemFile: {path} is not a PEM certificate ({e.Message})");
            }

            return certs.Count == 0
                ? (null, $"{where}: mesh.linkerd.trustAnchor.pemFile: {path} holds no CERTIFICATE block")
                : (new AnchorExpectation($"the anchor in {a.PemFile} (sha256 {certs[0].ShortFingerprint})", certs[0].FingerprintSha256, certs[0].CommonName), null);
        }

        if (a.FingerprintSha256.Length > 0)
        {
            var fp = CertificateView.NormalizeFingerprint(a.FingerprintSha256);
            return fp.Length == 64
                ? (new AnchorExpectation($"the anchor with sha256 {fp[..16].ToLowerInvariant()}…", fp, a.CommonName), null)
                : (null, $"{(profile.SourcePath.Length > 0 ? profile.SourcePath : "the profile")}: mesh.linkerd.trustAnchor.fingerprintSha256: '{a.FingerprintSha256}' is not a SHA-256 fingerprint (64 hex digits; `step certificate fingerprint ca.crt`)");
        }

        return (new AnchorExpectation($"an anchor with CN={a.CommonName}", null, a.CommonName), null);
    }
}
