using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;
using Deepthought.Protocols;
using Deepthought.Tests.Support;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Talos;

/// <summary>The client against Go's crypto/tls and net/http HTTP/2, configured like apid (the stack real Talos runs).</summary>
public sealed class GoApidTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Version_GoCryptoTlsServer_AnswersThroughEd25519MutualTls()
    {
        await using var apid = await StartOrSkipAsync();
        using var client = new TalosClient(Talosconfig.Load(apid.WriteTalosconfig(), null), new TalosClientOptions { CallTimeout = TimeSpan.FromSeconds(10) });
        client.Connector.Connected += h => output.WriteLine(h.ToString());
        var clock = Clock.StartTimer(TimeProvider.System);

        var version = await client.VersionAsync("192.168.1.32", CancellationToken.None);
        var first = clock.Elapsed;
        clock.Restart();
        await client.VersionAsync("192.168.1.32", CancellationToken.None);
        output.WriteLine($"first call {first.TotalMilliseconds:0.0} ms, next call {clock.Elapsed.TotalMilliseconds:0.0} ms");

        version.Version_.Tag.Should().Be("v1.10.3");
        version.Version_.Sha.Should().Be("node=[192.168.1.32];count=1", "the target goes in one single-valued `node` header");
    }

    [SkippableFact]
    public async Task Version_ClientCertificateFromAnotherCa_IsRefusedByGoSaidPlainly()
    {
        await using var apid = await StartOrSkipAsync();
        using var client = new TalosClient(Talosconfig.Load(apid.WriteTalosconfig(foreignClient: true), null), new TalosClientOptions { CallTimeout = TimeSpan.FromSeconds(10) });

        var act = async () => await client.VersionAsync("192.168.1.32", CancellationToken.None);

        (await act.Should().ThrowAsync<TalosCallException>()).Which.Message.Should().StartWith(
            $"the Talos API at 127.0.0.1:{apid.Port} refused the talosconfig client certificate (TLS alert bad_certificate(42)) — the client certificate is not signed by this cluster's Talos CA");
    }

    private static async Task<GoApid> StartOrSkipAsync()
    {
        var go = GoApid.GoBinary();
        Backends.Require(Backend.Go, go is not null, "go is not installed: the Go crypto/tls interoperability test needs golang-go (apt-get install -y golang-go)");
        return await GoApid.StartAsync(go!);
    }
}
