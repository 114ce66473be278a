using Deepthought.Checks.Model;
using Deepthought.Protocols.Talos.Tls;
using Microsoft.Extensions.Time.Testing;

namespace Deepthought.Tests.Mesh;

public sealed class TrustAnchorCheckTests
{
    private const string Id = "mesh.linkerd-trust-anchor";
    private static readonly DateTimeOffset Start = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task Anchor_StepLikeRoot_Passes()
    {
        var root = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650));
        var verdict = await TestPki.JudgeAsync(Id, root.Pem, null, _time);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Message.Should().Contain("CN=root.linkerd.cluster.local (ECDSA P-256, CA");
    }

    [Fact]
    public async Task Anchor_RsaRoot_FailsOnAlgorithm()
    {
        var root = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650), rsa: true);
        var verdict = await TestPki.JudgeAsync(Id, root.Pem, null, _time);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("trust anchor root.linkerd.cluster.local: expected an ECDSA P-256 key signed with ECDSA-SHA256 (the only algorithm Linkerd accepts), got RSA signed with");
    }

    [Fact]
    public async Task Anchor_NotACa_Fails()
    {
        var root = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650), ca: false);
        var verdict = await TestPki.JudgeAsync(Id, root.Pem, null, _time);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("expected a CA certificate (basicConstraints CA:TRUE), got not a CA");
    }

    [Fact]
    public async Task Anchor_OtherCommonName_FailsNamingWhatIsThere()
    {
        var root = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650), cn: "root.other.cluster.local");
        var verdict = await TestPki.JudgeAsync(Id, root.Pem, null, _time);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().StartWith("configmap linkerd/linkerd-identity-trust-roots: expected an anchor with CN=root.linkerd.cluster.local in ca-bundle.crt, got CN=root.other.cluster.local");
    }

    [Fact]
    public async Task Anchor_ProfiledFingerprint_PassesOnlyForThatRoot()
    {
        var mine = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650));
        var impostor = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650)); // same CN, another key
        var fingerprint = string.Join(':', Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(mine.Certificate.RawData)).Chunk(2).Select(c => new string(c))).ToLowerInvariant();
        var profile = RepoFiles.ProfileWith("fingerprintSha256: \"\"", $"fingerprintSha256: \"{fingerprint}\"");

        (await TestPki.JudgeAsync(Id, mine.Pem, null, _time, profile)).Outcome.Should().Be(Outcome.Pass);
        var verdict = await TestPki.JudgeAsync(Id, impostor.Pem, null, _time, profile);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain($"expected the anchor with sha256 {fingerprint.Replace(":", "", StringComparison.Ordinal)[..16]}… in ca-bundle.crt, got CN=root.linkerd.cluster.local");
    }

    [Fact]
    public async Task Anchor_RotationBundle_FindsTheProfiledRoot()
    {
        var old = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650), cn: "root.previous.cluster.local");
        var root = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650));
        var verdict = await TestPki.JudgeAsync(Id, old.Pem + "\n" + root.Pem, null, _time);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
    }

    [Fact]
    public async Task Anchor_ProfiledPemFile_Passes()
    {
        var root = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650));
        var path = Path.Combine(Path.GetTempPath(), $"deepthought-anchor-{Guid.NewGuid():N}.crt");
        await File.WriteAllTextAsync(path, root.Pem);
        try
        {
            var profile = RepoFiles.ProfileWith("fingerprintSha256: \"\"", $"fingerprintSha256: \"\"\n      pemFile: {path}");
            var verdict = await TestPki.JudgeAsync(Id, root.Pem, null, _time, profile);
            verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
            verdict.Message.Should().Contain($"the anchor in {path}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Anchor_MalformedFingerprint_FailsNamingTheProfileKey()
    {
        var root = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(3650));
        var profile = RepoFiles.ProfileWith("fingerprintSha256: \"\"", "fingerprintSha256: \"abc\"");
        var verdict = await TestPki.JudgeAsync(Id, root.Pem, null, _time, profile);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("mesh.linkerd.trustAnchor.fingerprintSha256: 'abc' is not a SHA-256 fingerprint");
    }

    [Fact]
    public async Task Anchor_ClockAdvancedIntoHorizonAndPastExpiry_WarnsThenFails()
    {
        var root = TestPki.Root(Start.AddDays(-10), TimeSpan.FromDays(100));
        (await TestPki.JudgeAsync(Id, root.Pem, null, _time)).Outcome.Should().Be(Outcome.Pass);

        _time.Advance(TimeSpan.FromDays(45)); // 45 days left
        var warn = await TestPki.JudgeAsync(Id, root.Pem, null, _time);
        warn.Outcome.Should().Be(Outcome.Warn);
        warn.Message.Should().Contain("expected valid for at least 60 days, got expires 2025-09-29 12:00 UTC (in 45 days)");

        _time.Advance(TimeSpan.FromDays(46));
        var fail = await TestPki.JudgeAsync(Id, root.Pem, null, _time);
        fail.Outcome.Should().Be(Outcome.Fail);
        fail.Message.Should().Contain("expected within its validity period, got expired 2025-09-29 12:00 UTC (1 day ago)");
    }

    [Fact]
    public async Task Anchor_ConfigMapMissing_FailsNamingIt()
    {
        var verdict = await TestPki.JudgeAsync(Id, null, null, _time);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("got: ConfigMap linkerd/linkerd-identity-trust-roots not found");
    }
}
