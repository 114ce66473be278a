using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Profile;
using k8s.Models;

namespace Deepthought.Tests.Mesh;

/// <summary>A certificate the tests made, with its key (kept in the test, never handed to a check).</summary>
internal sealed record TestCert(X509Certificate2 Certificate, AsymmetricAlgorithm Key)
{
    public string Pem => Certificate.ExportCertificatePem();

    public string KeyPem => Key is ECDsa ec ? ec.ExportECPrivateKeyPem() : ((RSA)Key).ExportRSAPrivateKeyPem();
}

/// <summary>Makes anchors and issuers with chosen names, algorithms, CA flags and validity windows.</summary>
internal static class TestPki
{
    public const string AnchorName = "root.linkerd.cluster.local";
    public const string IssuerName = "identity.linkerd.cluster.local";

    public static TestCert Root(DateTimeOffset notBefore, TimeSpan lifetime, string cn = AnchorName, bool rsa = false, bool ca = true)
    {
        AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = rsa
            ? new CertificateRequest($"CN={cn}", (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={cn}", (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, ca, ca ? 1 : 0, true));
        return new TestCert(request.CreateSelfSigned(notBefore, notBefore + lifetime), key);
    }

    public static TestCert Issued(TestCert parent, DateTimeOffset notBefore, TimeSpan lifetime, string cn = IssuerName, bool ca = true)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, ca, 0, true));
        var generator = X509SignatureGenerator.CreateForECDsa((ECDsa)parent.Key);
        var cert = request.Create(parent.Certificate.SubjectName, generator, notBefore, notBefore + lifetime, RandomNumberGenerator.GetBytes(12));
        return new TestCert(cert, key);
    }

    /// <summary>The chart's issuer Secret (scheme linkerd.io/tls): crt.pem and key.pem.</summary>
    public static V1Secret LinkerdSecret(TestCert issuer) => new()
    {
        Metadata = new V1ObjectMeta { Name = LinkerdIdentityObservation.IssuerSecret, NamespaceProperty = "linkerd" },
        Type = "Opaque",
        Data = new Dictionary<string, byte[]>
        {
            ["crt.pem"] = Encoding.ASCII.GetBytes(issuer.Pem),
            ["key.pem"] = Encoding.ASCII.GetBytes(issuer.KeyPem),
        },
    };

    /// <summary>An external issuer (scheme kubernetes.io/tls, e.g. cert-manager): tls.crt, tls.key and ca.crt.</summary>
    public static V1Secret ExternalSecret(TestCert issuer, TestCert anchor) => new()
    {
        Metadata = new V1ObjectMeta { Name = LinkerdIdentityObservation.IssuerSecret, NamespaceProperty = "linkerd" },
        Type = "kubernetes.io/tls",
        Data = new Dictionary<string, byte[]>
        {
            ["tls.crt"] = Encoding.ASCII.GetBytes(issuer.Pem),
            ["tls.key"] = Encoding.ASCII.GetBytes(issuer.KeyPem),
            ["ca.crt"] = Encoding.ASCII.GetBytes(anchor.Pem),
        },
    };

    /// <summary>Judges one identity check on hand-made identity objects (what the probe would have read).</summary>
    public static async Task<Verdict> JudgeAsync(string checkId, string? rootsPem, V1Secret? secret, TimeProvider time, ClusterProfile? profile = null)
    {
        var map = rootsPem is null ? null : new V1ConfigMap { Data = new Dictionary<string, string> { [LinkerdIdentityObservation.TrustRootsKey] = rootsPem } };
        var (roots, rootsProblem) = LinkerdIdentityObservation.TrustRoots("linkerd", map);
        var (issuer, issuerProblem) = LinkerdIdentityObservation.FromSecret("linkerd", secret);
        var observation = new LinkerdIdentityObservation("linkerd", roots, rootsProblem, issuer, issuerProblem);
        var cache = new ObservationCache()
            .Register(_ => Task.FromResult(new NodesObservation([])))
            .Register(_ => Task.FromResult(new LinkerdIdentitySource((_, _) => Task.FromResult(observation))));
        var engine = new CheckEngine(CheckCatalog.All, new CheckContext(profile ?? RepoFiles.LoadProfile(), RunMode.Audit, time, cache));
        return (await engine.EvaluateAsync(checkId, CancellationToken.None)).Verdict;
    }
}
