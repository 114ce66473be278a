using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Tests.Support;
using Deepthought.Twin.Ceph;
using FluentAssertions;
using Xunit.Abstractions;

namespace Deepthought.Tests.Storage;

/// <summary>Starts a Storage twin with one scenario, runs the Storage checks, and judges which of them failed.</summary>
public static class ScenarioRuns
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(string scenario, ITestOutputHelper output, bool? requireReal = null)
    {
        var clock = Clock.StartTimer(TimeProvider.System);
        IReadOnlyList<CheckResult> results;
        await using (var world = await StorageTwin.StartAsync([scenario], requireReal))
        {
            output.WriteLine($"twin with {scenario} started in {clock.Elapsed.TotalSeconds:0.0} s");
            foreach (var n in world.Context.Notices)
            {
                output.WriteLine($"notice: {n}");
            }

            results = await StorageTwin.JudgeAsync(world);
            Print(results, output);
            clock.Restart();
        }

        output.WriteLine($"twin disposed in {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var e in SharedCeph.Started.SelectMany(c => c.Events))
        {
            output.WriteLine($"ceph: {e}");
        }

        return results;
    }

    public static void AssertFailsExactly(IReadOnlyList<CheckResult> results, string[] failing, string evidence)
    {
        var summary = string.Join("\n", results.Select(r => $"{r.Id}: {r.Outcome}: {r.Verdict.Message}"));
        results.Where(r => r.Outcome == Outcome.Fail).Select(r => r.Id).Should().BeEquivalentTo(failing, because: summary);
        results.Where(r => !failing.Contains(r.Id)).Should().OnlyContain(r => r.Outcome == Outcome.Pass, because: summary);
        results.Where(r => failing.Contains(r.Id)).SelectMany(r => r.Verdict.Evidence).Should().NotBeEmpty();
        string.Join("\n", results.Where(r => failing.Contains(r.Id)).Select(r => r.Verdict.Message)).Should().Contain(evidence);
        foreach (var r in results.Where(r => failing.Contains(r.Id)))
        {
            r.Check.FailingScenarios.Should().NotBeEmpty();
            r.Verdict.Message.Should().Contain("expected", because: $"{r.Id} must say expected vs observed");
            r.Check.Hint.Should().NotBeNullOrWhiteSpace();
        }
    }

    public static void Print(IEnumerable<CheckResult> results, ITestOutputHelper output)
    {
        foreach (var r in results)
        {
            output.WriteLine($"{r.Outcome,-5} {r.Id} ({r.Duration.TotalMilliseconds:0} ms): {r.Verdict.Message}");
        }
    }
}
