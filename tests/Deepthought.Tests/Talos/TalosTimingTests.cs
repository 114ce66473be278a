using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;
using Deepthought.Protocols;
using Deepthought.Tests.Support;
using Deepthought.Twin.Hosting;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Talos;

/// <summary>Measures (and prints) connection and call costs against the twin; bounds are generous, this is not a benchmark.</summary>
public sealed class TalosTimingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TalosClient_WarmConnections_HandshakeAndCallsStayFast()
    {
        var clock = Clock.StartTimer(TimeProvider.System);
        await using var world = await TestWorld.StartAsync();
        var twin = world.Twin;
        output.WriteLine($"twin start: {clock.Elapsed.TotalMilliseconds:0} ms (etcd real: {twin.Context.Find<Deepthought.Twin.Etcd.ITwinEtcd>()!.IsReal})");
        var config = TwinTalosconfig.Load(twin, "deepthought-reader");
        foreach (var round in new[] { "cold", "warm" })
        {
            using var client = new TalosClient(config);
            client.Connector.Connected += h => output.WriteLine($"{round} {h}");
            clock.Restart();
            await client.VersionAsync("192.168.1.32", CancellationToken.None);
            var first = clock.Elapsed;
            clock.Restart();
            await client.VersionAsync("192.168.1.32", CancellationToken.None);
            var open = clock.Elapsed;
            clock.Restart();
            await client.VersionAsync("192.168.1.48", CancellationToken.None);
            var forwarded = clock.Elapsed;
            clock.Restart();
            await client.VersionAsync("192.168.1.48", CancellationToken.None);
            var forwardedOpen = clock.Elapsed;
            output.WriteLine($"{round}: first call {first.TotalMilliseconds:0.0} ms, on open connection {open.TotalMilliseconds:0.0} ms, " +
                $"first forwarded {forwarded.TotalMilliseconds:0.0} ms, forwarded on open connections {forwardedOpen.TotalMilliseconds:0.0} ms");
            if (round == "warm")
            {
                open.Should().BeLessThan(TimeSpan.FromSeconds(1));
                forwardedOpen.Should().BeLessThan(TimeSpan.FromSeconds(1));
            }
        }
    }
}
