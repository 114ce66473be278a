using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Deepthought.Checks.Mesh;
using Deepthought.Fixtures.Provisioned;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Reports;

namespace Deepthought.Tests.Provisioned;

public sealed class StepCertificatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static (X509Certificate2 Anchor, X509Certificate2 Issuer) Create()
    {
        var (anchor, issuer) = StepCertificates.Create(Now);
        return (X509Certificate2.CreateFromPem(anchor.CertificatePem), X509Certificate2.CreateFromPem(issuer.CertificatePem));
    }

    [Fact]
    public void TrustAnchor_IsLikeStepRootCa_SelfSignedP256CaWithPathLength1ForTenYears()
    {
        var (anchor, _) = Create();

        anchor.Subject.Should().Be("CN=root.linkerd.cluster.local");
        anchor.Issuer.Should().Be(anchor.Subject);
        anchor.GetECDsaPublicKey()!.ExportParameters(false).Curve.Oid.Value.Should().Be(ECCurve.NamedCurves.nistP256.Oid.Value);
        anchor.SignatureAlgorithm.Value.Should().Be("1.2.840.10045.4.3.2", "ecdsa-with-SHA256, what linkerd check accepts");
        var bc = anchor.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        (bc.CertificateAuthority, bc.HasPathLengthConstraint, bc.PathLengthConstraint, bc.Critical).Should().Be((true, true, 1, true));
        var ku = anchor.Extensions.OfType<X509KeyUsageExtension>().Single();
        ku.KeyUsages.Should().Be(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign);
        ku.Critical.Should().BeTrue();
        (anchor.NotAfter.ToUniversalTime() - anchor.NotBefore.ToUniversalTime()).Should().Be(TimeSpan.FromHours(87600));
        anchor.NotBefore.ToUniversalTime().Should().Be(Now.UtcDateTime);
    }

    [Fact]
    public void Issuer_IsLikeStepIntermediateCa_PathLength0_SignedByTheAnchor_ForTheSeeds8760Hours()
    {
        var (anchor, issuer) = Create();

        issuer.Subject.Should().Be("CN=identity.linkerd.cluster.local");
        issuer.Issuer.Should().Be(anchor.Subject);
        issuer.GetECDsaPublicKey()!.ExportParameters(false).Curve.Oid.Value.Should().Be(ECCurve.NamedCurves.nistP256.Oid.Value);
        var bc = issuer.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        (bc.CertificateAuthority, bc.HasPathLengthConstraint, bc.PathLengthConstraint).Should().Be((true, true, 0));
        issuer.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.Should().Be(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign);
        (issuer.NotAfter.ToUniversalTime() - issuer.NotBefore.ToUniversalTime()).Should().Be(TimeSpan.FromHours(8760));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(anchor);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime.AddDays(1);
        chain.Build(issuer).Should().BeTrue(string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void WriteTo_WritesTheSeedsFourFiles_KeysMatchTheirCertificates_AndAreOwnerOnly()
    {
        using var folder = new TempFolder("dt-certs");

        StepCertificates.WriteTo(folder.Path, Now);

        foreach (var (crt, key) in new[] { ("ca.crt", "ca.key"), ("issuer.crt", "issuer.key") })
        {
            using var pair = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder.Path, crt)), File.ReadAllText(Path.Combine(folder.Path, key)));
            pair.HasPrivateKey.Should().BeTrue();
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(Path.Combine(folder.Path, key)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    [Fact]
    public void GeneratedPair_PassesTheMeshChecksLinkerdCheckRules_AndTheKindProfileExpectsThisAnchor()
    {
        using var folder = new TempFolder("dt-certs");
        StepCertificates.WriteTo(Path.Combine(folder.Path, "certs"), Now);
        var anchor = CertificateView.ParsePem(File.ReadAllText(Path.Combine(folder.Path, "certs", "ca.crt"))).Single();
        var issuer = CertificateView.ParsePem(File.ReadAllText(Path.Combine(folder.Path, "certs", "issuer.crt"))).Single();
        var findings = new Findings();

        foreach (var (subject, c) in new[] { ("trust anchor", anchor), ("issuer", issuer) })
        {
            CertificateRules.Crypto(findings, subject, c);
            CertificateRules.Ca(findings, subject, c);
            CertificateRules.Lifetime(findings, subject, c, Now.AddDays(1), warningDays: 60);
        }

        findings.Failures.Should().BeEmpty();
        findings.Warnings.Should().BeEmpty();
        issuer.CommonName.Should().Be("identity.linkerd.cluster.local", "the name linkerd-identity expects: identity.<namespace>.<trust domain>");
        var ips = new Dictionary<string, string> { ["deepthought-control-plane"] = "172.18.0.2", ["deepthought-worker"] = "172.18.0.3", ["deepthought-worker2"] = "172.18.0.4" };
        var profile = ProfileLoader.Load(KindProfile.Write(Path.Combine(folder.Path, "p.yaml"), new ProvisionOptions(folder.Path), "https://127.0.0.1:1", ips, Path.Combine(folder.Path, "certs", "ca.crt")));
        var (expectation, error) = AnchorExpectation.From(profile);
        error.Should().BeNull();
        expectation!.Matches(anchor).Should().BeTrue();
        expectation.Matches(CertificateView.ParsePem(StepCertificates.Create(Now).Anchor.CertificatePem).Single()).Should().BeFalse("another run's anchor is not this cluster's");
    }

    [Fact]
    public void EachCall_MakesNewKeys()
    {
        var first = StepCertificates.Create(Now);
        var second = StepCertificates.Create(Now);

        second.Anchor.PrivateKeyPem.Should().NotBe(first.Anchor.PrivateKeyPem);
        second.Issuer.CertificatePem.Should().NotBe(first.Issuer.CertificatePem);
    }
}
