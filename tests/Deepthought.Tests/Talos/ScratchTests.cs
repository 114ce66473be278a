using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Talos;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("")]
    [InlineData("etcd-member-stopped")]
    [InlineData("etcd-peer-url-foreign")]
    public async Task Scratch_All(string scenario)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await using var world = await TwinChecks.StartAsync(scenario, TalosTestWorld.Profile("deepthought-3cp.yaml"));
        output.WriteLine($"twin start {sw.ElapsedMilliseconds} ms; notices: {string.Join(" | ", world.Twin.Context.Notices)}");
        sw.Restart();
        var results = await world.Engine.RunAsync([Checks.Model.Phase.Talos, Checks.Model.Phase.Etcd, Checks.Model.Phase.Storage], CancellationToken.None);
        output.WriteLine($"checks {sw.ElapsedMilliseconds} ms");
        foreach (var r in results)
        {
            output.WriteLine($"{r.Outcome,-8} {r.Id}: {r.Verdict.Message}");
        }
    }
}
