using System.Diagnostics;
using Deepthought.Protocols.Talos.Tls;
using Deepthought.Twin.Talos;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Talos;

/// <summary>The Talos client's TLS: it verifies the server itself (BouncyCastle does no PKIX), and keeps its reasons.</summary>
public sealed class TalosTlsClientTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    [Theory]
    [InlineData(KeyAlgorithm.Ed25519)]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public async Task Connect_KeyAlgorithm_IsAcceptedBothWays(KeyAlgorithm algorithm)
    {
        var pki = TalosPki.Create(Now, algorithm);
        await using var server = new TestTlsServer(Server(pki), pki);
        var connector = Connector(pki, pki);
        TalosHandshake? handshake = null;
        connector.Connected += h => handshake = h;

        await using var stream = await connector.ConnectAsync("127.0.0.1", server.Port, CancellationToken.None);

        (await ReadAsync(stream, 5)).Should().Be("ready");
        await stream.WriteAsync("ping"u8.ToArray());
        (await ReadAsync(stream, 4)).Should().Be("ping");
        handshake!.Version.Should().Be("TLS 1.3");
        output.WriteLine($"{algorithm}: {handshake}");
    }

    [Fact]
    public async Task Connect_ServerFromAnotherCa_IsRefusedNamingTheCa()
    {
        var cluster = TalosPki.Create(Now);
        var other = TalosPki.Create(Now);
        await using var server = new TestTlsServer(Server(cluster), cluster);

        var act = async () => await Connector(other, cluster).ConnectAsync("127.0.0.1", server.Port, CancellationToken.None);

        (await act.Should().ThrowAsync<TalosConnectionException>())
            .Which.Message.Should().StartWith($"server certificate for 127.0.0.1:{server.Port} is not signed by the talosconfig CA");
    }

    [Fact]
    public async Task Connect_ExpiredServerCertificate_IsRefusedWithItsExpiry()
    {
        var pki = TalosPki.Create(Now);
        var expired = pki.IssueServer("cp1", ["127.0.0.1"], [], Now.AddDays(-2), Now.AddDays(-1));
        await using var server = new TestTlsServer(expired, pki);

        var act = async () => await Connector(pki, pki).ConnectAsync("127.0.0.1", server.Port, CancellationToken.None);

        (await act.Should().ThrowAsync<TalosConnectionException>())
            .Which.Message.Should().Match($"server certificate for 127.0.0.1:{server.Port} expired on *");
    }

    [Fact]
    public async Task Connect_EndpointNotInSans_IsRefusedListingTheSans()
    {
        var pki = TalosPki.Create(Now);
        var elsewhere = pki.IssueServer("cp1", ["192.168.1.32"], ["talos-cp1"], Now.AddHours(-1), Now.AddHours(24));
        await using var server = new TestTlsServer(elsewhere, pki);

        var act = async () => await Connector(pki, pki).ConnectAsync("127.0.0.1", server.Port, CancellationToken.None);

        (await act.Should().ThrowAsync<TalosConnectionException>())
            .Which.Message.Should().StartWith($"server certificate for 127.0.0.1:{server.Port} is not valid for the IP 127.0.0.1 (its IP SANs: 192.168.1.32)");
    }

    [Fact]
    public async Task Connect_ClientCertificateFromAnotherCa_IsReportedAsRefusedByTheServer()
    {
        var cluster = TalosPki.Create(Now);
        var foreign = TalosPki.Create(Now);
        await using var server = new TestTlsServer(Server(cluster), cluster);
        var stranger = Client(foreign);
        var credentials = TalosCredentials.FromPem(cluster.Ca.CertificatePem, stranger.CertificatePem, stranger.PrivateKeyPem, "test");
        var connector = new TalosConnector(credentials, TimeProvider.System, TimeSpan.FromSeconds(5));

        var act = async () => await connector.ConnectAsync("127.0.0.1", server.Port, CancellationToken.None);

        // TLS 1.3: the refusal comes after the client's Finished; the connector waits for the server's first data to see it.
        (await act.Should().ThrowAsync<TalosConnectionException>())
            .Which.Message.Should().StartWith($"the Talos API at 127.0.0.1:{server.Port} refused the talosconfig client certificate (TLS alert bad_certificate");
    }

    [Fact]
    public async Task Connect_SilentEndpoint_FailsWithinTheTimeout()
    {
        var pki = TalosPki.Create(Now);
        await using var server = new TestTlsServer(Server(pki), pki, silent: true);
        var connector = new TalosConnector(Credentials(pki, pki), TimeProvider.System, TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var act = async () => await connector.ConnectAsync("127.0.0.1", server.Port, CancellationToken.None);

        (await act.Should().ThrowAsync<TalosConnectionException>())
            .Which.Message.Should().Be($"no TLS handshake with the Talos API at 127.0.0.1:{server.Port} within 1 s (TCP connected; is this a Talos apid port?)");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Version_SilentEndpoint_FailsWithinTheCallTimeoutNamingNodeAndEndpoint()
    {
        var pki = TalosPki.Create(Now);
        await using var server = new TestTlsServer(Server(pki), pki, silent: true);
        var dir = Directory.CreateTempSubdirectory("deepthought-silent-").FullName;
        try
        {
            var path = Path.Combine(dir, "talosconfig");
            TalosconfigWriter.Write(path, "c", [new TalosconfigContext("c", [$"127.0.0.1:{server.Port}"], [], pki.Ca.CertificatePem, Client(pki))]);
            using var client = new Deepthought.Checks.Talos.TalosClient(Deepthought.Checks.Talos.Talosconfig.Load(path, null),
                new Deepthought.Checks.Talos.TalosClientOptions { CallTimeout = TimeSpan.FromSeconds(2) });
            var clock = Stopwatch.StartNew();

            var act = async () => await client.VersionAsync("192.168.1.48", CancellationToken.None);

            (await act.Should().ThrowAsync<Deepthought.Checks.Talos.TalosCallException>()).Which.Message.Should().BeOneOf(
                $"no answer from node 192.168.1.48 through endpoint 127.0.0.1:{server.Port} within 2 s (Version)",
                $"no TLS handshake with the Talos API at 127.0.0.1:{server.Port} within 2 s (TCP connected; is this a Talos apid port?)");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Connect_ClosedPort_SaysTheEndpointIsUnreachable()
    {
        var pki = TalosPki.Create(Now);
        var port = FreePort();

        var act = async () => await Connector(pki, pki).ConnectAsync("127.0.0.1", port, CancellationToken.None);

        (await act.Should().ThrowAsync<TalosConnectionException>())
            .Which.Message.Should().StartWith($"cannot reach the Talos API at 127.0.0.1:{port}: Connection refused");
    }

    internal static CertifiedKey Server(TalosPki pki) => pki.IssueServer("talos-cp1", ["127.0.0.1"], ["localhost"], Now.AddHours(-1), Now.AddHours(24));

    internal static CertifiedKey Client(TalosPki pki) => pki.IssueClient(["os:reader"], Now.AddHours(-1), Now.AddDays(365));

    private static TalosCredentials Credentials(TalosPki trusted, TalosPki issuer)
    {
        var client = Client(issuer);
        return TalosCredentials.FromPem(trusted.Ca.CertificatePem, client.CertificatePem, client.PrivateKeyPem, "test");
    }

    private static TalosConnector Connector(TalosPki trusted, TalosPki issuer) => new(Credentials(trusted, issuer), TimeProvider.System, TimeSpan.FromSeconds(5));

    private static async Task<string> ReadAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
