using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;
using Deepthought.Protocols;
using Deepthought.Twin.Talos;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Talos;

/// <summary>talosconfig loading: context choice, endpoint parsing, and errors that name the place and the fix (never the key).</summary>
public sealed class TalosconfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepthought-talosconfig-").FullName;
    private readonly TalosPki _pki = TalosPki.Create(TimeProvider.System.GetUtcNow());

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_NoContextGiven_UsesTheFilesContext()
    {
        var path = Write(("a", _pki.IssueClient(["os:admin"], Now(-1), Now(300))), ("b", _pki.IssueClient(["os:reader"], Now(-1), Now(300))));

        var config = Talosconfig.Load(path, null);

        config.Context.Should().Be("a");
        TalosSession.Facts(config.Credentials.ClientCertificate).Organizations.Should().Equal("os:admin");
    }

    [Fact]
    public void Load_UnknownContext_ListsTheContextsItHas()
    {
        var path = Write(("a", _pki.IssueClient(["os:admin"], Now(-1), Now(300))));

        var act = () => Talosconfig.Load(path, "zz");

        act.Should().Throw<ConfigurationException>().WithMessage($"{path}: context \"zz\" not found in config; it has: a");
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_SaysSoWithoutShowingTheKey()
    {
        var one = _pki.IssueClient(["os:admin"], Now(-1), Now(300));
        var other = _pki.IssueClient(["os:admin"], Now(-1), Now(300));
        var path = Path.Combine(_dir, "mismatch");
        File.WriteAllText(path, $"context: a\ncontexts:\n  a:\n    endpoints: [10.0.0.1]\n    ca: {TalosPki.Base64(_pki.Ca.CertificatePem)}\n    crt: {TalosPki.Base64(one.CertificatePem)}\n    key: {TalosPki.Base64(other.PrivateKeyPem)}\n");

        var act = () => Talosconfig.Load(path, null);

        var message = act.Should().Throw<ConfigurationException>().Which.Message;
        message.Should().Be($"{path}: context \"a\": 'key' does not belong to the client certificate in 'crt' — take crt and key from the same talosconfig context");
        SecretsTests.AssertNoKeyMaterial(message, other);
    }

    [Fact]
    public void Load_KeyNotBase64_SaysWhichField()
    {
        var path = Path.Combine(_dir, "garbage");
        File.WriteAllText(path, $"context: a\ncontexts:\n  a:\n    endpoints: [10.0.0.1]\n    ca: {TalosPki.Base64(_pki.Ca.CertificatePem)}\n    crt: {TalosPki.Base64(_pki.Ca.CertificatePem)}\n    key: not*base64\n");

        var act = () => Talosconfig.Load(path, null);

        act.Should().Throw<ConfigurationException>().WithMessage($"{path}: context \"a\": 'key' is not base64 — talosconfig fields hold base64 of PEM text");
    }

    [Theory]
    [InlineData("192.168.1.32", "192.168.1.32", 50000)]
    [InlineData("192.168.1.32:50001", "192.168.1.32", 50001)]
    [InlineData("cp.example.com", "cp.example.com", 50000)]
    [InlineData("https://cp.example.com", "cp.example.com", 443)]
    [InlineData("[fd00::1]:50000", "fd00::1", 50000)]
    public void ParseEndpoint_AsTalosctl_AddsThePort(string endpoint, string host, int port)
    {
        Talosconfig.ParseEndpoint(endpoint, 50000).Should().Be((host, port));
    }

    [Fact]
    public void Load_SeedShapedNoEndpoints_LoadsInsteadOfFailing()
    {
        var path = WriteGenConfigShaped();

        var config = Talosconfig.Load(path, null);

        File.ReadAllText(path).Should().Contain("endpoints: []");
        config.Endpoints.Should().BeEmpty();
        config.Nodes.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_OverrideGiven_ReplacesTheTalosconfigsEndpointsAsTalosctlDashE()
    {
        var config = Talosconfig.Load(Write(("a", _pki.IssueClient(["os:admin"], Now(-1), Now(300)))), null);

        var resolved = TalosEndpoints.Resolve(config, ["192.168.1.40"], TalosEndpoints.OverrideName, ["192.168.1.32"], out var notice);

        resolved.Endpoints.Should().Equal("192.168.1.40");
        resolved.EndpointsSource.Should().Be("DEEPTHOUGHT_TALOS_ENDPOINTS");
        notice.Should().BeNull();
    }

    [Fact]
    public void Resolve_NoOverride_KeepsTheTalosconfigsEndpoints()
    {
        var config = Talosconfig.Load(Write(("a", _pki.IssueClient(["os:admin"], Now(-1), Now(300)))), null);

        var resolved = TalosEndpoints.Resolve(config, [], TalosEndpoints.OverrideName, ["192.168.1.32"], out var notice);

        resolved.Endpoints.Should().Equal("127.0.0.1:50000");
        resolved.EndpointsSource.Should().Be("talosconfig");
        notice.Should().BeNull();
    }

    [Fact]
    public void Resolve_SeedShapedNoOverride_UsesTheProfilesControlPlanesAndSaysSo()
    {
        var path = WriteGenConfigShaped();

        var resolved = TalosEndpoints.Resolve(Talosconfig.Load(path, null), [], TalosEndpoints.OverrideName, ["192.168.1.32"], out var notice);

        resolved.Endpoints.Should().Equal("192.168.1.32");
        resolved.EndpointsSource.Should().Be("profile control planes");
        notice.Should().Be($"{path}: context \"deepthought\" has no endpoints (as `talosctl gen config` writes it); using the profile's control-plane IPs "
            + "192.168.1.32 as `talosctl -e` would — set DEEPTHOUGHT_TALOS_ENDPOINTS (or --talos-endpoints, run.ps1 -TalosEndpoints) to choose others");
    }

    [Fact]
    public void Resolve_NoEndpointAnywhere_NamesTheFileAndTheWaysToGiveOne()
    {
        var path = WriteGenConfigShaped();

        var act = () => TalosEndpoints.Resolve(Talosconfig.Load(path, null), [], TalosEndpoints.OverrideName, [], out _);

        act.Should().Throw<ConfigurationException>().WithMessage(
            $"{path}: context \"deepthought\" has no endpoints and none was given — set DEEPTHOUGHT_TALOS_ENDPOINTS=<control-plane ip> "
            + "(or deepthought run --talos-endpoints <ip>, run.ps1 -TalosEndpoints <ip>), or run `talosctl config endpoint <ip>`");
    }

    [Fact]
    public void Parse_CommaSeparated_DropsBlanks()
    {
        TalosEndpoints.Parse(" 192.168.1.32, ,192.168.1.33:50000 ").Should().Equal("192.168.1.32", "192.168.1.33:50000");
        TalosEndpoints.Parse(null).Should().BeEmpty();
    }

    private static DateTimeOffset Now(int days) => TimeProvider.System.GetUtcNow().AddDays(days);

    // What `talosctl gen config deepthought https://192.168.1.32:6443` writes: one context, endpoints: [], no nodes.
    private string WriteGenConfigShaped()
    {
        var path = Path.Combine(_dir, "talosconfig-gen");
        TalosconfigWriter.Write(path, "deepthought", [new TalosconfigContext("deepthought", [], [], _pki.Ca.CertificatePem, _pki.IssueClient(["os:admin"], Now(-1), Now(300)))]);
        return path;
    }

    private string Write(params (string Name, CertifiedKey Client)[] contexts)
    {
        var path = Path.Combine(_dir, "talosconfig");
        TalosconfigWriter.Write(path, contexts[0].Name, contexts.Select(c => new TalosconfigContext(c.Name, ["127.0.0.1:50000"], ["10.0.0.1"], _pki.Ca.CertificatePem, c.Client)));
        return path;
    }
}
