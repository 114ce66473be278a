using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Profile;
using Deepthought.Protocols.Talos.Tls;
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

    /// <summary>
    /// ConfigMap linkerd-config as the chart renders it: <c>values</c> with identity.issuer.scheme and
    /// identity.issuer.tls.crtPEM (keyPEM removed). <paramref name="keyPem"/> puts a key back in, for the tests that
    /// prove a key in there is never read.
    /// </summary>
    public static V1ConfigMap LinkerdConfig(TestCert? issuer, string scheme = "linkerd.io/tls", string? keyPem = null, string? values = null)
    {
        static string Block(string pem) => string.Join("\n", pem.TrimEnd().Split('\n').Select(l => "          " + l));
        var tls = issuer is null ? "" : "\n      tls:\n        crtPEM: |\n" + Block(issuer.Pem) + (keyPem is null ? "" : "\n        keyPEM: |\n" + Block(keyPem));
        var yaml = values ?? $"clusterDomain: cluster.local\nidentity:\n    externalCA: false\n    issuer:\n      clockSkewAllowance: 20s\n      scheme: {scheme}{tls}\nidentityTrustDomain: cluster.local\n";
        return new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = LinkerdIdentityObservation.ConfigMap, NamespaceProperty = "linkerd" },
            Data = new Dictionary<string, string> { [LinkerdIdentityObservation.ValuesKey] = yaml },
        };
    }

    /// <summary>Judges one identity check on hand-made identity objects (what the probe would have read).</summary>
    public static async Task<Verdict> JudgeAsync(string checkId, string? rootsPem, V1ConfigMap? config, TimeProvider time, ClusterProfile? profile = null)
    {
        var map = rootsPem is null ? null : new V1ConfigMap { Data = new Dictionary<string, string> { [LinkerdIdentityObservation.TrustRootsKey] = rootsPem } };
        var (roots, rootsProblem) = LinkerdIdentityObservation.TrustRoots("linkerd", map);
        var (issuer, issuerProblem, external) = LinkerdIdentityObservation.FromConfig("linkerd", config);
        var observation = new LinkerdIdentityObservation("linkerd", roots, rootsProblem, issuer, issuerProblem, external);
        var cache = new ObservationCache()
            .Register(_ => Task.FromResult(new NodesObservation([])))
            .Register(_ => Task.FromResult(new LinkerdIdentitySource((_, _) => Task.FromResult(observation))));
        var engine = new CheckEngine(CheckCatalog.All, new CheckContext(profile ?? RepoFiles.LoadProfile(), RunMode.Audit, time, cache));
        return (await engine.EvaluateAsync(checkId, CancellationToken.None)).Verdict;
    }
}
