using Deepthought.Checks.Talos;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Talos;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Scratch_Version()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await using var twin = await DeepthoughtTwin.StartAsync(TalosTestWorld.Profile(), ScenarioSet.None, new TwinOptions(), CancellationToken.None);
        output.WriteLine($"twin start {sw.ElapsedMilliseconds} ms");
        output.WriteLine(File.ReadAllText(twin.TalosconfigPath!)[..300]);
        var config = Talosconfig.Load(twin.TalosconfigPath, "deepthought-reader");
        using var client = new TalosClient(config, new TalosClientOptions { CallTimeout = TimeSpan.FromSeconds(5) });
        client.Connector.Connected += h => output.WriteLine(h.ToString());
        foreach (var node in twin.Context.Profile.Nodes)
        {
            sw.Restart();
            var v = await client.VersionAsync(node.Ip, CancellationToken.None);
            output.WriteLine($"{node.Ip} {v.Version_.Tag} {sw.Elapsed.TotalMilliseconds} ms");
            v.Version_.Tag.Should().Be("v1.10.3");
        }

        for (var i = 0; i < 3; i++)
        {
            sw.Restart();
            await client.VersionAsync("192.168.1.32", CancellationToken.None);
            output.WriteLine($"again {sw.Elapsed.TotalMilliseconds} ms");
        }

        using var client2 = new TalosClient(config, new TalosClientOptions { CallTimeout = TimeSpan.FromSeconds(5) });
        client2.Connector.Connected += h => output.WriteLine(h.ToString());
        sw.Restart();
        await client2.VersionAsync("192.168.1.32", CancellationToken.None);
        output.WriteLine($"new client first call {sw.Elapsed.TotalMilliseconds} ms");
        sw.Restart();
        await client2.ServiceListAsync("192.168.1.48", CancellationToken.None);
        output.WriteLine($"servicelist fwd {sw.Elapsed.TotalMilliseconds} ms");
    }
}
