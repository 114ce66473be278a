using System.Diagnostics;
using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Cli;
using Deepthought.Protocols;
using Deepthought.Tests.Gateway;
using Deepthought.Tests.Support;
using Xunit.Abstractions;

namespace Deepthought.Tests.Policy;

/// <summary>
/// Acceptance cleanup survives interruption: `deepthought run` (a real child process, attached to an in-process twin
/// whose store the test watches) stopped by SIGINT, or failing at a step, leaves nothing labelled and every policy
/// object as it was; `deepthought cleanup` removes what a killed run left. DEEPTHOUGHT_SOAK_RUNS sets the number of
/// runs (default 2: one step failure, one SIGINT; bench/acceptance-soak.sh runs 20).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class InterruptedRunTests(ITestOutputHelper output)
{
    private static readonly string[] StepFailures = ["authorization-allows-everyone", "authorization-missing", "probe-image-pull-fails", "cleanup-step-fails"];

    [Fact]
    public async Task Cleanup_LeftoversOfAKilledRun_AreRemovedAndNothingElseIsTouched()
    {
        await using var world = await GatewayRun.StartAsync();
        var labels = new JsonObject { ["app.kubernetes.io/managed-by"] = "deepthought-conformance" };
        world.Store.Put(Obj("v1", "Namespace", null, "deepthought-conformance", labels));
        world.Store.Put(Obj("v1", "ServiceAccount", "deepthought-conformance", "conformance-probe", labels));
        world.Store.Put(Obj("policy.linkerd.io/v1beta3", "Server", "emojivoto", "left-behind", labels));
        var before = world.Store.List("policy.linkerd.io/v1beta3", "Server").Count;

        var text = new StringWriter();
        var code = await CleanupCommand.RunAsync(["--kubeconfig", world.Twin.Outputs["kubeconfig"]], text, _ => null, CancellationToken.None);
        output.WriteLine(text.ToString());

        code.Should().Be(0);
        text.ToString().Should().Contain("removed Server emojivoto/left-behind, ServiceAccount deepthought-conformance/conformance-probe, Namespace deepthought-conformance");
        world.Labelled().Should().BeEmpty();
        world.Store.List("policy.linkerd.io/v1beta3", "Server").Should().HaveCount(before - 1, "only the labelled Server goes");
    }

    [Fact]
    public async Task Soak_RunsFailingAtAStepOrInterruptedBySigint_LeaveNothingAndRestoreEverything()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("DEEPTHOUGHT_SOAK_RUNS"), out var n) && n > 0 ? n : 2;
        var random = new Random(Environment.GetEnvironmentVariable("DEEPTHOUGHT_SOAK_SEED") is { } seed && int.TryParse(seed, out var s) ? s : 11);
        var toExit = new List<double>();
        var leaks = 0;
        var midWrite = 0;
        for (var i = 0; i < runs; i++)
        {
            var interrupt = i % 2 == 1;
            var scenario = interrupt ? "" : StepFailures[random.Next(StepFailures.Length)];
            await using var world = await GatewayRun.StartAsync(scenario, RunMode.Audit, propagationBudgetSeconds: 3, probePodBudgetSeconds: 5);
            var before = Snapshot(world);
            using var child = StartRun(world);
            string how;
            if (interrupt)
            {
                // A whole run takes 7-20 s on the twin. Every other interrupted run gets its SIGINT at a random moment from
                // start-up on; the others 0-4 s after the harness's first write (mid-sequence, the case that can leak).
                var afterWrite = i % 4 == 3;
                var clockToSignal = Clock.StartTimer(TimeProvider.System);
                var exited = false;
                if (afterWrite)
                {
                    var written = await Poll.UntilAsync(
                        _ => Task.FromResult(new Attempt<bool>(child.HasExited || world.Labelled().Count > 0, true, "waiting for the first harness write")),
                        TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(90), TimeProvider.System, CancellationToken.None);
                    written.Succeeded.Should().BeTrue("the run writes within 90 s");
                }

                exited = await WaitForExitAsync(child, TimeSpan.FromMilliseconds(afterWrite ? random.Next(0, 4000) : random.Next(500, 12000)));
                var after = clockToSignal.Elapsed;
                if (exited)
                {
                    how = $"finished before SIGINT at {after.TotalSeconds:0.0} s";
                }
                else
                {
                    var present = world.Labelled().Count;
                    midWrite += present > 0 ? 1 : 0;
                    var clock = Clock.StartTimer(TimeProvider.System);
                    Signal(child.Id, "INT");
                    (await WaitForExitAsync(child, TimeSpan.FromSeconds(150))).Should().BeTrue("the run ends after SIGINT");
                    toExit.Add(clock.Elapsed.TotalSeconds);
                    child.ExitCode.Should().Be(130, "an interrupted run is not a pass (130 = 128 + SIGINT)");
                    how = $"SIGINT ({(afterWrite ? "after the first write" : "random moment")}) at {after.TotalSeconds:0.0} s with {present} labelled objects present, exit {clock.Elapsed.TotalSeconds:0.00} s later";
                }
            }
            else
            {
                (await WaitForExitAsync(child, TimeSpan.FromSeconds(240))).Should().BeTrue("the run ends");
                how = $"step failure {scenario}";
            }

            var leftovers = world.Labelled();
            var restored = Snapshot(world).SequenceEqual(before);
            leaks += leftovers.Count > 0 || !restored ? 1 : 0;
            output.WriteLine($"run {i + 1}: {how}; exit code {child.ExitCode}; left {leftovers.Count} ({string.Join(", ", leftovers)}); policy objects as before: {restored}");
            leftovers.Should().BeEmpty($"run {i + 1} ({how}) leaves nothing labelled");
            restored.Should().BeTrue($"run {i + 1} ({how}) restores the policy objects exactly");
        }

        var sorted = toExit.Order().ToList();
        output.WriteLine($"soak: {runs - leaks}/{runs} runs left nothing behind; SIGINT → exit: " +
            (sorted.Count == 0 ? "no run was still going at its SIGINT" : $"median {sorted[sorted.Count / 2]:0.00} s, max {sorted[^1]:0.00} s over {sorted.Count} interrupted runs ({midWrite} of them with harness objects in the cluster at the SIGINT)"));
    }

    private static Process StartRun(GatewayRun world)
    {
        var info = CliProcess.Info(new[] { "run", "--target", "attach", "--mode", "acceptance", "--phase", "Gateway,Policy", "--kubeconfig", world.Twin.Outputs["kubeconfig"],
                     "--profile", world.Run.Profile.SourcePath, "--reports", Path.Combine(Path.GetTempPath(), "deepthought-soak-reports") });
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", $"{pid}" } })!;
        kill.WaitForExit();
    }

    private static List<string> Snapshot(GatewayRun world) =>
        new[] { ("policy.linkerd.io/v1beta3", "Server"), ("policy.linkerd.io/v1beta1", "ServerAuthorization") }
            .Select(k => world.Store.Get(k.Item1, k.Item2, "emojivoto", "voting-grpc"))
            .SelectMany(o => new[] { o?["spec"], o?["metadata"]?["labels"], o?["metadata"]?["annotations"] })
            .Select(x => x?.ToJsonString() ?? "null")
            .ToList();

    private static JsonObject Obj(string apiVersion, string kind, string? ns, string name, JsonObject labels)
    {
        var meta = new JsonObject { ["name"] = name, ["labels"] = labels.DeepClone() };
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = meta };
    }
}
