using System.Text;
using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Protocols.Talos.Tls;
using Microsoft.Extensions.Time.Testing;

namespace Deepthought.Tests.Mesh;

public sealed class IssuerCheckTests
{
    private const string Id = "mesh.linkerd-issuer";
    private static readonly DateTimeOffset Start = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TestCert _root = TestPki.Root(Start.AddDays(-30), TimeSpan.FromDays(3650));

    [Fact]
    public async Task Issuer_SignedByAnchor_Passes()
    {
        var issuer = TestPki.Issued(_root, Start.AddDays(-1), TimeSpan.FromHours(8760));
        var verdict = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(issuer), _time);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Evidence.Select(e => e.Observed).Should().Contain(o => o.StartsWith("signature verifies with the anchor root.linkerd.cluster.local", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Issuer_SignedByAnotherRootWithTheSameName_FailsOnTheSignature()
    {
        var impostor = TestPki.Root(Start.AddDays(-30), TimeSpan.FromDays(3650)); // same CN, other key
        var issuer = TestPki.Issued(impostor, Start.AddDays(-1), TimeSpan.FromHours(8760));
        var verdict = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(issuer), _time);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("expected signed by a trust anchor in linkerd-identity-trust-roots, got issued by \"CN=root.linkerd.cluster.local\", but its signature verifies with none of the anchors");
    }

    [Fact]
    public async Task Issuer_BundleOfOldAndNewAnchors_VerifiesWithEither()
    {
        var next = TestPki.Root(Start.AddDays(-1), TimeSpan.FromDays(3650));
        var issuer = TestPki.Issued(next, Start.AddDays(-1), TimeSpan.FromHours(8760));
        var verdict = await TestPki.JudgeAsync(Id, _root.Pem + "\n" + next.Pem, TestPki.LinkerdConfig(issuer), _time);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
    }

    [Fact]
    public async Task Issuer_OtherName_Fails()
    {
        var issuer = TestPki.Issued(_root, Start.AddDays(-1), TimeSpan.FromHours(8760), cn: "identity.other.cluster.local");
        var verdict = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(issuer), _time);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("expected named identity.linkerd.cluster.local (CN or DNS SAN), got CN=identity.other.cluster.local");
    }

    [Fact]
    public async Task Issuer_NotACa_Fails()
    {
        var issuer = TestPki.Issued(_root, Start.AddDays(-1), TimeSpan.FromHours(8760), ca: false);
        var verdict = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(issuer), _time);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("expected a CA certificate (basicConstraints CA:TRUE), got not a CA");
    }

    [Fact]
    public async Task Issuer_ClockAdvanced_WarnsInsideSixtyDaysThenFailsWhenExpired()
    {
        var issuer = TestPki.Issued(_root, Start.AddDays(-1), TimeSpan.FromHours(8760)); // until 2026-06-30 12:00
        (await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(issuer), _time)).Outcome.Should().Be(Outcome.Pass);

        _time.Advance(TimeSpan.FromDays(354)); // 10 days left
        var warn = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(issuer), _time);
        warn.Outcome.Should().Be(Outcome.Warn);
        warn.Message.Should().Be("issuer identity.linkerd.cluster.local (configmap linkerd/linkerd-config, identity.issuer.tls.crtPEM, scheme linkerd.io/tls): expected valid for at least 60 days, got expires 2026-06-30 12:00 UTC (in 10 days)");

        _time.Advance(TimeSpan.FromDays(11));
        var fail = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(issuer), _time);
        fail.Outcome.Should().Be(Outcome.Fail);
        fail.Message.Should().Contain("expected within its validity period, got expired 2026-06-30 12:00 UTC (1 day ago)");
    }

    [Fact]
    public async Task Issuer_NotYetValid_Fails()
    {
        var issuer = TestPki.Issued(_root, Start.AddDays(2), TimeSpan.FromHours(8760));
        var verdict = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(issuer), _time);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("got not valid before 2025-07-03 12:00 UTC");
    }

    [Fact]
    public async Task Issuer_Evidence_NamesTheConfigMapReadAndTheSecretNotRead()
    {
        var issuer = TestPki.Issued(_root, Start.AddDays(-1), TimeSpan.FromHours(8760));
        var verdict = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(issuer), _time);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        var source = verdict.Evidence.Should().ContainSingle(e => e.Subject == "issuer source").Subject;
        source.Observed.Should().StartWith("read from configmap linkerd/linkerd-config, identity.issuer.tls.crtPEM (the Helm values")
            .And.Contain("Secret linkerd/linkerd-identity-issuer").And.Contain("is not read because it holds key.pem");
    }

    [Fact]
    public async Task Issuer_ExternalKubernetesTlsScheme_SkipsSayingLinkerdConfigHasNoCertificate()
    {
        var verdict = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(null, scheme: "kubernetes.io/tls"), _time);
        verdict.Outcome.Should().Be(Outcome.Skip);
        verdict.Message.Should().Be("ConfigMap linkerd/linkerd-config: identity.issuer.scheme is kubernetes.io/tls, so the issuer is managed outside the chart (e.g. by cert-manager) in Secret linkerd/linkerd-identity-issuer and linkerd-config carries no issuer certificate; the issuer is not checked (this harness reads no Secret)");
    }

    [Fact]
    public async Task Issuer_ConfigWithoutCrtPem_FailsNamingTheKey()
    {
        var verdict = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(null), _time);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("configmap linkerd/linkerd-config: expected the issuer certificate identity.linkerd.cluster.local, got: ConfigMap linkerd/linkerd-config: values has no identity.issuer.tls.crtPEM (scheme linkerd.io/tls; the seed sets it with --set-file identity.issuer.tls.crtPEM=issuer.crt)");
    }

    [Fact]
    public async Task Issuer_ConfigMissingOrNotYaml_FailsWithThePlace()
    {
        var missing = await TestPki.JudgeAsync(Id, _root.Pem, null, _time);
        missing.Outcome.Should().Be(Outcome.Fail);
        missing.Message.Should().EndWith("got: ConfigMap linkerd/linkerd-config not found");

        var broken = await TestPki.JudgeAsync(Id, _root.Pem, TestPki.LinkerdConfig(null, values: "identity:\n  issuer: [unclosed\n"), _time);
        broken.Outcome.Should().Be(Outcome.Fail);
        broken.Message.Should().Contain("ConfigMap linkerd/linkerd-config: values is not valid YAML at line");
    }

    [Fact]
    public async Task Issuer_KeyPemLeftInTheConfig_IsNeverReadNorShown()
    {
        var issuer = TestPki.Issued(_root, Start.AddDays(-1), TimeSpan.FromHours(8760));
        var keyPem = issuer.KeyPem;
        var config = TestPki.LinkerdConfig(issuer, keyPem: keyPem);

        var (kept, _, _) = LinkerdIdentityObservation.FromConfig("linkerd", config);
        kept!.CertificatePem.Should().NotContain("PRIVATE KEY");
        typeof(IssuerCertificate).GetProperties().Select(p => p.Name).Should().BeEquivalentTo(["Source", "Scheme", "CertificatePem"]);

        var verdicts = new[]
        {
            await TestPki.JudgeAsync(Id, _root.Pem, config, _time),
            await TestPki.JudgeAsync("mesh.linkerd-trust-anchor", _root.Pem, config, _time),
        };
        verdicts[0].Outcome.Should().Be(Outcome.Pass, verdicts[0].Message);
        var body = string.Concat(keyPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))).Trim();
        foreach (var text in verdicts.SelectMany(v => v.Evidence.SelectMany(e => new[] { e.Subject, e.Expected, e.Observed }).Append(v.Message)))
        {
            text.Should().NotContain("PRIVATE KEY").And.NotContain(body[..40]).And.NotContain(Convert.ToBase64String(Encoding.ASCII.GetBytes(keyPem))[..40]);
        }
    }
}
