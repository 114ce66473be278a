using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Deepthought.Checks.Mesh;

/// <summary>The issuer certificate as read from the issuer Secret; the private key was dropped on reading.</summary>
public sealed record IssuerCertificate(string SecretType, string Scheme, string CertificateKey, string CertificatePem);

/// <summary>
/// Linkerd's identity material in the control-plane namespace: the trust anchors (ConfigMap
/// <c>linkerd-identity-trust-roots</c>, key <c>ca-bundle.crt</c>) and the issuer certificate (Secret
/// <c>linkerd-identity-issuer</c>). A missing object leaves its value null with the reason in the problem field.
/// </summary>
public sealed record LinkerdIdentityObservation(
    string Namespace,
    string? TrustRootsPem,
    string? TrustRootsProblem,
    IssuerCertificate? Issuer,
    string? IssuerProblem)
{
    public const string TrustRootsConfigMap = "linkerd-identity-trust-roots";
    public const string TrustRootsKey = "ca-bundle.crt";
    public const string IssuerSecret = "linkerd-identity-issuer";

    /// <summary>Reads the trust roots from the ConfigMap (null: absent).</summary>
    public static (string? Pem, string? Problem) TrustRoots(string ns, V1ConfigMap? map)
    {
        if (map is null)
        {
            return (null, $"ConfigMap {ns}/{TrustRootsConfigMap} not found");
        }

        return map.Data?.TryGetValue(TrustRootsKey, out var pem) == true && !string.IsNullOrWhiteSpace(pem)
            ? (pem, null)
            : (null, $"ConfigMap {ns}/{TrustRootsConfigMap} has no key {TrustRootsKey} (keys: {Keys(map.Data?.Keys)})");
    }

    /// <summary>
    /// Keeps only the certificate of the issuer Secret: <c>crt.pem</c> for the linkerd.io/tls scheme (the chart's
    /// Secret), <c>tls.crt</c> for kubernetes.io/tls (an external issuer). Every other value — the private key
    /// above all — is zeroed and the Secret's data cleared, so no key material outlives this call.
    /// </summary>
    public static (IssuerCertificate? Issuer, string? Problem) FromSecret(string ns, V1Secret? secret)
    {
        if (secret is null)
        {
            return (null, $"Secret {ns}/{IssuerSecret} not found");
        }

        var data = secret.Data ?? new Dictionary<string, byte[]>();
        var external = secret.Type == "kubernetes.io/tls" || (!data.ContainsKey("crt.pem") && data.ContainsKey("tls.crt"));
        var scheme = external ? "kubernetes.io/tls" : "linkerd.io/tls";
        var certKey = external ? "tls.crt" : "crt.pem";
        var keyNames = Keys(data.Keys);
        var pem = data.TryGetValue(certKey, out var bytes) ? Encoding.ASCII.GetString(bytes) : null;
        foreach (var (name, value) in data)
        {
            if (name != certKey && value is not null)
            {
                CryptographicOperations.ZeroMemory(value);
            }
        }

        data.Clear();
        secret.Data = null;
        secret.StringData = null;
        return pem is null
            ? (null, $"Secret {ns}/{IssuerSecret} (type {secret.Type ?? "Opaque"}, scheme {scheme}) has no key {certKey} (keys: {keyNames})")
            : (new IssuerCertificate(secret.Type ?? "Opaque", scheme, certKey, pem), null);
    }

    private static string Keys(IEnumerable<string>? keys) =>
        keys is null || !keys.Any() ? "none" : string.Join(", ", keys.Order(StringComparer.Ordinal));
}

/// <summary>The identity material per control-plane namespace, each read once per run.</summary>
public sealed class LinkerdIdentitySource : KeyedObservation<LinkerdIdentityObservation>
{
    public LinkerdIdentitySource(Func<string, CancellationToken, Task<LinkerdIdentityObservation>> fetch, CancellationToken runToken = default)
        : base(fetch, runToken)
    {
    }

    public Task<LinkerdIdentityObservation> ReadAsync(string controlNamespace, CancellationToken cancellationToken) =>
        GetAsync(controlNamespace, cancellationToken);
}
