using Deepthought.Protocols.Talos.Tls;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using k8s.Models;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The issuer certificate as read from ConfigMap <c>linkerd-config</c> (its <c>values</c> document,
/// <c>identity.issuer.tls.crtPEM</c>): the Helm input the chart also renders into Secret
/// <c>linkerd-identity-issuer</c>, which is never read (it holds <c>key.pem</c>).
/// </summary>
public sealed record IssuerCertificate(string Source, string Scheme, string CertificatePem);

/// <summary>
/// Linkerd's identity material in the control-plane namespace: the trust anchors (ConfigMap
/// <c>linkerd-identity-trust-roots</c>, key <c>ca-bundle.crt</c>) and the issuer certificate (ConfigMap
/// <c>linkerd-config</c>, whose <c>values</c> the chart writes without any <c>keyPEM</c>). No Secret is read.
/// A missing object leaves its value null with the reason in the problem field; <see cref="ExternalIssuer"/> is
/// set when <c>identity.issuer.scheme</c> is kubernetes.io/tls (an issuer managed outside the chart).
/// </summary>
public sealed record LinkerdIdentityObservation(
    string Namespace,
    string? TrustRootsPem,
    string? TrustRootsProblem,
    IssuerCertificate? Issuer,
    string? IssuerProblem,
    bool ExternalIssuer = false)
{
    public const string TrustRootsConfigMap = "linkerd-identity-trust-roots";
    public const string TrustRootsKey = "ca-bundle.crt";
    public const string ConfigMap = "linkerd-config";
    public const string ValuesKey = "values";
    public const string IssuerCertificatePath = "identity.issuer.tls.crtPEM";

    /// <summary>The Secret the identity controller mounts (named in messages only; the harness does not read it).</summary>
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
    /// Reads <c>identity.issuer.scheme</c> and <c>identity.issuer.tls.crtPEM</c> from linkerd-config's values (the
    /// chart's default scheme is linkerd.io/tls). Nothing else of the document is kept; a <c>keyPEM</c>, which the
    /// chart removes anyway, is never looked at.
    /// </summary>
    public static (IssuerCertificate? Issuer, string? Problem, bool External) FromConfig(string ns, V1ConfigMap? map)
    {
        var where = $"ConfigMap {ns}/{ConfigMap}";
        if (map is null)
        {
            return (null, $"{where} not found", false);
        }

        if (map.Data?.TryGetValue(ValuesKey, out var yaml) != true || string.IsNullOrWhiteSpace(yaml))
        {
            return (null, $"{where} has no key {ValuesKey} (keys: {Keys(map.Data?.Keys)})", false);
        }

        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        }
        catch (YamlException e)
        {
            return (null, $"{where}: {ValuesKey} is not valid YAML at line {e.Start.Line}, column {e.Start.Column}", false);
        }

        var issuer = Child(Child(root, "identity"), "issuer");
        var scheme = Scalar(issuer, "scheme") is { Length: > 0 } s ? s : "linkerd.io/tls";
        if (scheme == "kubernetes.io/tls")
        {
            return (null, $"{where}: identity.issuer.scheme is kubernetes.io/tls, so the issuer is managed outside the chart (e.g. by cert-manager) in Secret {ns}/{IssuerSecret} and linkerd-config carries no issuer certificate", true);
        }

        var pem = Scalar(Child(issuer, "tls"), "crtPEM");
        return string.IsNullOrWhiteSpace(pem)
            ? (null, $"{where}: {ValuesKey} has no {IssuerCertificatePath} (scheme {scheme}; the seed sets it with --set-file identity.issuer.tls.crtPEM=issuer.crt)", false)
            : (new IssuerCertificate($"configmap {ns}/{ConfigMap}, {IssuerCertificatePath}", scheme, pem), null, false);
    }

    private static YamlMappingNode? Child(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

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
