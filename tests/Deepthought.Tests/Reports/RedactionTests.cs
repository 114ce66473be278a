using System.Security.Cryptography;
using System.Text;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Evidence;
using Deepthought.Fixtures.Reports;

namespace Deepthought.Tests.Reports;

public sealed class RedactionTests
{
    [Fact]
    public void Write_EvidenceCarryingGeneratedKeysAndTokens_NoReportFileContainsThem()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ed = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rsaPem = rsa.ExportRSAPrivateKeyPem();
        var ecPem = ec.ExportECPrivateKeyPem();
        var pkcs8Pem = ed.ExportPkcs8PrivateKeyPem();
        var bearer = Base64Url(RandomNumberGenerator.GetBytes(32));
        var jwt = $"eyJhbGciOiJSUzI1NiJ9.{Base64Url(Encoding.UTF8.GetBytes("{\"sub\":\"system:serviceaccount:x\"}"))}.{Base64Url(RandomNumberGenerator.GetBytes(64))}";
        var clientKeyData = Convert.ToBase64String(Encoding.ASCII.GetBytes(ecPem));
        var truncated = rsaPem[..(rsaPem.Length / 2)];
        var secrets = new[] { Body(rsaPem), Body(ecPem), Body(pkcs8Pem), Body(truncated), bearer, jwt, clientKeyData };

        var leaky = new FakeCheck("talos.leaky", Phase.Talos, "a check that leaks", $"curl -H 'Authorization: Bearer {bearer}' https://127.0.0.1:6443", namespaces: ["kube-system"]);
        var results = new[]
        {
            SampleRuns.Result(leaky, Verdict.Fail(
                $"talosconfig key: {rsaPem}",
                new Evidence("kubeconfig", "no key in evidence", $"client-key-data: {clientKeyData}"),
                new Evidence("secret kube-system/token", "absent", $"token: {jwt}"),
                new Evidence("truncated", "-", truncated))),
            SampleRuns.Result(SampleRuns.Version, Verdict.Pass("ok", new Evidence("key", "-", pkcs8Pem))),
        };
        var report = SampleRuns.Report(SampleRuns.CurrentStart, [$"apid key {ecPem}"], results) with
        {
            FailureEvidence = new FailureEvidence(
                [new NamespaceDiagnostics("kube-system", [new EventSummary("Warning", "Leak", "pod/x", $"Authorization: Bearer {bearer}", 1, null)], [], null)],
                new Dictionary<string, IReadOnlyList<string>> { [leaky.Id] = ["kube-system"] }),
        };
        using var root = new TempFolder();

        var dir = ReportWriter.Write(report, root.Path);

        var files = Directory.GetFiles(dir).Concat(Directory.GetFiles(Path.Combine(root.Path, "latest"))).ToList();
        files.Should().HaveCountGreaterThanOrEqualTo(6);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            text.Should().NotContain("PRIVATE KEY", file);
            foreach (var secret in secrets)
            {
                text.Should().NotContain(secret, $"{Path.GetFileName(file)} must not carry key material or tokens");
            }
        }

        File.ReadAllText(Path.Combine(dir, "results.json")).Should().Contain(Redactor.Marker);
    }

    [Theory]
    [InlineData("expected 3 OSDs up in rook-ceph, got 2: osd.2 down")]
    [InlineData("token: expected projected, got none")]
    [InlineData("issuer identity.linkerd.cluster.local signed by root.linkerd.cluster.local")]
    public void Redact_OrdinaryEvidence_IsUnchanged(string text)
    {
        Redactor.Redact(text).Should().Be(text);
    }

    // The middle line of a PEM body: pure key material, unique to the generated key.
    private static string Body(string pem)
    {
        var lines = pem.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
        return lines[lines.Count / 2];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
