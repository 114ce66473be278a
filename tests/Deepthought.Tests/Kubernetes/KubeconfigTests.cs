using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using k8s;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

[Collection(KubeTwinCollection.Name)]
public sealed partial class KubeconfigTests(KubeTwinFixture twin)
{
    private string Text => File.ReadAllText(twin.Twin.KubeconfigPath);

    private static IEnumerable<string> DecodedData(string kubeconfig) =>
        DataField().Matches(kubeconfig).Select(m => Encoding.ASCII.GetString(Convert.FromBase64String(m.Groups[2].Value)));

    [Fact]
    public void Kubeconfig_HasTheProfilesClusterUsersAndContexts()
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(twin.Twin.KubeconfigPath);

        config.CurrentContext.Should().Be("admin@deepthought");
        config.Clusters.Should().ContainSingle().Which.Name.Should().Be("deepthought");
        config.Clusters.Single().ClusterEndpoint.Server.Should().MatchRegex(@"^https://127\.0\.0\.1:\d+$");
        config.Clusters.Single().ClusterEndpoint.SkipTlsVerify.Should().BeFalse();
        config.Users.Select(u => u.Name).Should().BeEquivalentTo("admin@deepthought", "auditor@deepthought");
        config.Contexts.Select(c => c.Name).Should().BeEquivalentTo("admin@deepthought", "auditor@deepthought");
        twin.Twin.Context.Outputs["kubeconfig"].Should().Be(twin.Twin.KubeconfigPath);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(twin.Twin.KubeconfigPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void Kubeconfig_NeverContainsTheCaPrivateKey()
    {
        var data = DecodedData(Text).ToList();
        var caPem = data.Single(d => d.Contains("CERTIFICATE", StringComparison.Ordinal) && !d.Contains("PRIVATE", StringComparison.Ordinal) && Text.Contains("certificate-authority-data: " + Convert.ToBase64String(Encoding.ASCII.GetBytes(d)), StringComparison.Ordinal));
        using var ca = X509Certificate2.CreateFromPem(caPem);
        var caPublic = ca.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo();

        var keys = data.Where(d => d.Contains("PRIVATE KEY", StringComparison.Ordinal)).ToList();
        keys.Should().HaveCount(2, "one client key per user");
        foreach (var pem in keys)
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            key.ExportSubjectPublicKeyInfo().Should().NotEqual(caPublic);
        }

        foreach (var file in Directory.EnumerateFiles(twin.Twin.Context.WorkDirectory, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).Should().NotContain(Convert.ToBase64String(caPublic)[..40]);
        }
    }

    [Fact]
    public void ClientCertificates_NameTheUsersAndGroups()
    {
        var certs = DecodedData(Text).Where(d => d.Contains("CERTIFICATE", StringComparison.Ordinal)).Select(p => X509Certificate2.CreateFromPem(p)).ToList();

        certs.Select(c => c.Subject).Should().Contain("O=system:masters, CN=admin").And.Contain("CN=deepthought-auditor");
        certs.Should().OnlyContain(c => c.GetECDsaPublicKey() != null);
    }

    [Fact]
    public async Task Tls_WithoutTheTwinsCa_IsRefused()
    {
        var server = KubernetesClientConfiguration.LoadKubeConfig(twin.Twin.KubeconfigPath).Clusters.Single().ClusterEndpoint.Server;
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var act = () => plain.GetAsync(new Uri(server + "/version"));

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.InnerException.Should().BeOfType<AuthenticationException>();
    }

    [GeneratedRegex(@"(certificate-authority-data|client-certificate-data|client-key-data): (\S+)")]
    private static partial Regex DataField();
}
