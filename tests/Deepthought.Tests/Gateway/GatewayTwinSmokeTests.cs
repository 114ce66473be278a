using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Xunit.Abstractions;

namespace Deepthought.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class GatewayTwinSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HealthyTwin_AuditRun_PassesEveryGatewayAndPolicyCheck()
    {
        var clock = Clock.StartTimer(TimeProvider.System);
        await using var world = await GatewayRun.StartAsync();
        output.WriteLine($"twin started in {clock.ElapsedMilliseconds} ms");
        var results = await world.RunPhasesAsync();
        foreach (var r in results.Values)
        {
            output.WriteLine($"{r.Outcome} {r.Id}: {r.Verdict.Message}");
        }

        results.Values.Where(r => r.Check.Modes.Contains(RunMode.Audit)).Should().OnlyContain(r => r.Outcome == Outcome.Pass);
        output.WriteLine($"total {clock.ElapsedMilliseconds} ms");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GatewayCollection
{
    public const string Name = "gateway twin runs";
}
