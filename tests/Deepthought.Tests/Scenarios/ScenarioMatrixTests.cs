using System.Collections.Concurrent;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Tests.Support;
using Deepthought.Twin.Scenarios;
using Xunit.Abstractions;

namespace Deepthought.Tests.Scenarios;

/// <summary>
/// The proof that every check can fail: each twin scenario, run through the whole suite, must fail (or warn) exactly
/// the checks that name it in FailingScenarios — no fewer, no more — compared with a healthy twin in the same mode.
/// Checks blocked by an intended failure are fine; anything else that breaks is a defect of the scenario or a check.
/// </summary>
[Collection(TwinRuns.Collection)]
public sealed class ScenarioMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var s in ScenarioCatalog.All)
        {
            data.Add(s.Name);
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_RunThroughTheSuite_FailsExactlyTheChecksThatNameIt(string scenario)
    {
        var info = ScenarioCatalog.All.Single(s => s.Name == scenario);
        var naming = CheckCatalog.All.Where(c => c.FailingScenarios.Contains(scenario)).ToList();
        naming.Should().NotBeEmpty($"scenario {scenario} should be named by at least one check's FailingScenarios");

        var modes = naming.Any(c => !c.Modes.Contains(RunMode.Audit)) ? new[] { RunMode.Audit, RunMode.Acceptance } : [RunMode.Audit];
        foreach (var mode in modes)
        {
            var expected = naming.Where(c => c.Modes.Contains(mode)).Select(c => c.Id).ToHashSet();
            if (expected.Count == 0)
            {
                continue;
            }

            var baseline = await TwinRuns.RunOnceAsync("", info.Profile, mode);
            var run = await TwinRuns.RunOnceAsync(scenario, info.Profile, mode);
            var observed = run.NonPassing;
            foreach (var (id, line) in observed.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"[{mode}] {line}");
            }

            var newlyBroken = observed.Keys.Except(baseline.NonPassing.Keys).ToHashSet();
            newlyBroken.Should().BeEquivalentTo(expected, $"scenario {scenario} in {mode} mode must break exactly the checks naming it; observed: {string.Join(" | ", observed.Values)}");

            // The cause, not only the outcome: each broken check names the scenario's evidence.
            foreach (var id in expected)
            {
                var token = ScenarioEvidence.For(scenario, id);
                token.Should().NotBeNull($"scenario {scenario} needs an evidence token for {id} in ScenarioEvidence.Tokens");
                observed[id].Should().Contain(token!, $"{id} must fail scenario {scenario} for its cause");
            }

            // A scenario that turns a check into a skip hides it: that fails the matrix like a wrong failure.
            var newlySkipped = run.Skipped.Keys.Except(baseline.Skipped.Keys).ToList();
            newlySkipped.Should().BeEmpty($"scenario {scenario} in {mode} mode must not turn checks into skips: {string.Join(" | ", newlySkipped.Select(k => run.Skipped[k]))}");
        }
    }
}

/// <summary>Runs the suite on a twin and memoizes healthy baselines.</summary>
public static class TwinRuns
{
    public const string Collection = "twin runs";

    private static readonly ConcurrentDictionary<(string, string, RunMode), Task<TwinRun>> Baselines = new();

    /// <summary>The checks that failed or warned, with their one-line verdicts.</summary>
    public static async Task<Dictionary<string, string>> NonPassingAsync(string scenario, string profile, RunMode mode) =>
        (await RunOnceAsync(scenario, profile, mode)).NonPassing;

    /// <summary>A run of the suite (healthy baselines memoized).</summary>
    public static Task<TwinRun> RunOnceAsync(string scenario, string profile, RunMode mode) =>
        scenario.Length == 0 ? Baselines.GetOrAdd(("", profile, mode), k => RunAsync("", profile, mode)) : RunAsync(scenario, profile, mode);

    public static async Task<TwinRun> RunAsync(string scenario, string profile, RunMode mode)
    {
        await using var world = await TestWorld.StartAsync(new WorldOptions { Scenario = scenario, ProfileFile = profile.Length == 0 ? "deepthought.yaml" : profile, Mode = mode });
        var results = await world.RunAsync();
        string Line(CheckResult r) => $"{ConsoleProgress.Symbol(r.Outcome)} {r.Id}: {r.Verdict.Message}";
        return new TwinRun(
            results.Where(r => r.Outcome is Outcome.Fail or Outcome.Warn).ToDictionary(r => r.Id, Line),
            results.Where(r => r.Outcome is Outcome.Skip).ToDictionary(r => r.Id, Line));
    }
}

/// <summary>One suite run on the twin: the failed or warned checks and the skipped ones, each with its verdict line.</summary>
public sealed record TwinRun(Dictionary<string, string> NonPassing, Dictionary<string, string> Skipped);

[CollectionDefinition(TwinRuns.Collection, DisableParallelization = true)]
public sealed class TwinRunsCollection;
