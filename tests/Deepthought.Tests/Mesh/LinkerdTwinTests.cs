using System.Security.Cryptography.X509Certificates;
using System.Text;
using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.Twin.Linkerd;
using Microsoft.Extensions.Time.Testing;

namespace Deepthought.Tests.Mesh;

/// <summary>The twin's Linkerd: a PKI made like the seed's step commands, pinnable anchor, and no key in any verdict.</summary>
public sealed class LinkerdTwinTests
{
    private static readonly DateTimeOffset Start = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pki_IsMadeLikeTheSeedsStepCommands()
    {
        var pki = LinkerdPki.Create(Start, "root.linkerd.cluster.local", "identity.linkerd.cluster.local", IssuerShape.Healthy);
        var anchor = CertificateView.ParsePem(pki.AnchorPem).Single();
        var issuer = CertificateView.ParsePem(pki.IssuerCertificatePem).Single();

        anchor.CommonName.Should().Be("root.linkerd.cluster.local");
        anchor.HasSupportedCrypto.Should().BeTrue();
        (anchor.IsCa, anchor.PathLength).Should().Be((true, 1), "step's root-ca profile");
        (anchor.NotAfter - anchor.NotBefore).Should().Be(TimeSpan.FromDays(3650));
        anchor.FingerprintSha256.Should().Be(pki.AnchorFingerprintSha256);

        issuer.CommonName.Should().Be("identity.linkerd.cluster.local");
        issuer.HasSupportedCrypto.Should().BeTrue();
        (issuer.IsCa, issuer.PathLength).Should().Be((true, 0), "step's intermediate-ca profile");
        (issuer.NotAfter - issuer.NotBefore).Should().Be(TimeSpan.FromHours(8760));
        issuer.IsSignedBy(anchor).Should().BeTrue();
        issuer.Issuer.Should().Be(anchor.Subject);
        using var cert = X509CertificateLoader.LoadCertificate(issuer.Der);
        cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Should().ContainSingle();
    }

    [Fact]
    public async Task Twin_ProfilePinnedToItsAnchorFingerprint_Passes_AnotherFingerprintFails()
    {
        await using var world = await MeshWorld.StartAsync();
        var fingerprint = world.Twin.Context.Outputs[LinkerdControlPlaneSeeder.FingerprintOutput];
        world.Twin.Context.Find<LinkerdPki>()!.AnchorFingerprintSha256.Should().Be(fingerprint);

        var pinned = RepoFiles.ProfileWith("fingerprintSha256: \"\"", $"fingerprintSha256: \"{fingerprint}\"");
        var pass = await world.VerdictAsync("mesh.linkerd-trust-anchor", pinned);
        pass.Outcome.Should().Be(Outcome.Pass, pass.Message);
        pass.Message.Should().StartWith($"the trust anchor is the anchor with sha256 {fingerprint[..16].ToLowerInvariant()}…");

        var other = RepoFiles.ProfileWith("fingerprintSha256: \"\"", $"fingerprintSha256: \"{new string('a', 64)}\"");
        var fail = await world.VerdictAsync("mesh.linkerd-trust-anchor", other);
        fail.Outcome.Should().Be(Outcome.Fail);
        fail.Message.Should().Contain("expected the anchor with sha256 aaaaaaaaaaaaaaaa… in ca-bundle.crt, got CN=root.linkerd.cluster.local");
    }

    [Fact]
    public async Task Twin_ProfilePinnedToItsAnchorPemFile_Passes()
    {
        await using var world = await MeshWorld.StartAsync();
        var path = world.Twin.Context.Outputs[LinkerdControlPlaneSeeder.AnchorPemOutput];
        var pinned = RepoFiles.ProfileWith("fingerprintSha256: \"\"", $"fingerprintSha256: \"\"\n      pemFile: {path}");
        var verdict = await world.VerdictAsync("mesh.linkerd-trust-anchor", pinned);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
    }

    [Fact]
    public async Task Twin_ClockAdvancedElevenMonths_IssuerWarnsThenFails()
    {
        var time = new FakeTimeProvider(Start);
        await using var world = await MeshWorld.StartAsync(time: time);
        (await world.VerdictAsync("mesh.linkerd-issuer")).Outcome.Should().Be(Outcome.Pass);

        time.Advance(TimeSpan.FromDays(300)); // issued 30 days before start for 365 days: 35 days left
        var warn = await world.VerdictAsync("mesh.linkerd-issuer");
        warn.Outcome.Should().Be(Outcome.Warn);
        warn.Message.Should().EndWith("expected valid for at least 60 days, got expires 2026-06-01 12:00 UTC (in 35 days)");

        time.Advance(TimeSpan.FromDays(36));
        (await world.VerdictAsync("mesh.linkerd-issuer")).Outcome.Should().Be(Outcome.Fail);
        (await world.VerdictAsync("mesh.linkerd-trust-anchor")).Outcome.Should().Be(Outcome.Pass, "the 10-year anchor is unaffected");
    }

    [Theory]
    [InlineData("")]
    [InlineData("linkerd-issuer-foreign-anchor")]
    [InlineData("linkerd-issuer-expired")]
    public async Task Twin_IssuerKey_AppearsInNoVerdictOrEvidence(string scenario)
    {
        await using var world = await MeshWorld.StartAsync(scenario);
        var key = world.Twin.Context.Find<LinkerdPki>()!.IssuerKeyPem;
        var secret = world.Twin.Context.Store.Get("v1", "Secret", "linkerd", "linkerd-identity-issuer")!;
        ((string)secret["data"]!["key.pem"]!).Should().Be(Convert.ToBase64String(Encoding.ASCII.GetBytes(key)), "the twin's Secret holds the key like the chart's");

        var body = string.Concat(key.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))[..32];
        var encoded = (string)secret["data"]!["key.pem"]!;
        var texts = (await world.MeshAsync()).Values
            .SelectMany(r => r.Verdict.Evidence.SelectMany(e => new[] { e.Subject, e.Expected, e.Observed }).Append(r.Verdict.Message))
            .ToList();
        texts.Should().NotBeEmpty();
        texts.Should().NotContain(t => t.Contains("PRIVATE KEY", StringComparison.Ordinal) || t.Contains(body, StringComparison.Ordinal) || t.Contains(encoded, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Twin_LinkerdConfig_HoldsTheIssuerCertificateAndAnchorsButNoKey()
    {
        await using var world = await MeshWorld.StartAsync();
        var pki = world.Twin.Context.Find<LinkerdPki>()!;
        var config = world.Twin.Context.Store.Get("v1", "ConfigMap", "linkerd", "linkerd-config")!;
        var values = (Deepthought.Protocols.Formats.YamlJson.ParseObjects((string)config["data"]!["values"]!)).Single();

        ((string?)values["identity"]!["issuer"]!["tls"]!["crtPEM"])?.TrimEnd().Should().Be(pki.IssuerCertificatePem.TrimEnd(), "the seed passes --set-file identity.issuer.tls.crtPEM=issuer.crt and the chart keeps it");
        ((string?)values["identityTrustAnchorsPEM"])?.TrimEnd().Should().Be(pki.AnchorPem.TrimEnd());
        ((string?)values["identity"]!["issuer"]!["scheme"]).Should().Be("linkerd.io/tls");
        (values["identity"]!["issuer"]!["tls"] as System.Text.Json.Nodes.JsonObject)!.Should().NotContainKey("keyPEM", "the chart unsets identity.issuer.tls.keyPEM");
        ((string)config["data"]!["values"]!).Should().NotContain("PRIVATE KEY");
    }

    [Fact]
    public async Task MeshAudit_AsTheAuditor_WritesNothingAndReadsNoSecretByName()
    {
        await using var world = await MeshWorld.StartAsync();
        var log = world.Twin.Context.Find<RequestLog>()!;
        log.Clear();
        await world.MeshAsync();

        log.Writes.Should().BeEmpty();
        log.Entries.Should().OnlyContain(e => e.User == "deepthought-auditor" && e.StatusCode < 500 || e.Verb == "proxy");
        log.Entries.Where(e => e.Resource == "secrets").Select(e => $"{e.Verb} {e.Namespace}/{e.Name}")
            .Should().BeEquivalentTo(["list linkerd/", "list linkerd-viz/"], "Helm releases are listed as metadata in the profile's namespaces; no Secret is read by name (the issuer comes from linkerd-config)");
        log.Entries.Where(e => e.Verb == "list" && e.Resource != "secrets").GroupBy(e => e.Resource).Should().OnlyContain(g => g.Count() == 1, "one LIST per resource type");
        log.Entries.Where(e => e.Verb == "list" && e.Resource == "secrets").GroupBy(e => e.Namespace).Should().OnlyContain(g => g.Count() == 1, "one LIST of Helm Secrets per namespace");
    }

    [Fact]
    public async Task Twin_ControlPlane_SpreadsOverTheProfiledNodesWithTheToleration()
    {
        await using var world = await MeshWorld.StartAsync("controlplane-tainted");
        var verdict = await world.VerdictAsync("mesh.linkerd-control-plane-ha");
        verdict.Outcome.Should().Be(Outcome.Pass, "the seed's toleration lets a replica onto the tainted control plane");
        verdict.Evidence.Should().HaveCount(3).And.OnlyContain(e => e.Observed.Contains("ready pods on 3 node(s) [talos-cp1-zaphod, talos-work1-trillian, talos-work2-marvin]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Twin_NodeMissing_LeavesAReplicaPendingAndHaFails()
    {
        await using var world = await MeshWorld.StartAsync("node-missing");
        var verdict = await world.VerdictAsync("mesh.linkerd-control-plane-ha");
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("deployment linkerd/linkerd-identity: expected 3 replicas available on 3 distinct nodes").And.Contain("got 2 available, ready pods on 2 distinct node(s)");
    }
}
