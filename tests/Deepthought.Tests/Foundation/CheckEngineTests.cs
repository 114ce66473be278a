using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Foundation;

public sealed class CheckEngineTests
{
    private static CheckEngine Engine(RunMode mode, TimeSpan? budget, params ICheck[] checks) =>
        new(checks, new CheckContext(Repo.LoadProfile(), mode, TimeProvider.System, new ObservationCache()), budget);

    [Fact]
    public async Task Evaluate_FailedFatalDependency_BlocksDependantsNamingTheRootCause()
    {
        var root = new FakeCheck("a.root", (_, _) => ValueTask.FromResult(Verdict.Fail("expected reachable, got connection refused"))) { IsFatal = true };
        var middle = new FakeCheck("a.middle", (_, _) => ValueTask.FromResult(Verdict.Pass("ok"))) { Deps = ["a.root"] };
        var leaf = new FakeCheck("a.leaf", (_, _) => ValueTask.FromResult(Verdict.Pass("ok"))) { Deps = ["a.middle"] };

        var engine = Engine(RunMode.Audit, null, root, middle, leaf);
        var result = await engine.EvaluateAsync("a.leaf", CancellationToken.None);

        result.Outcome.Should().Be(Outcome.Blocked);
        result.Verdict.BlockedBy.Should().Be("a.root");
        result.Verdict.Message.Should().Be("blocked by a.root: expected reachable, got connection refused");
        leaf.Evaluations.Should().Be(0);
        middle.Evaluations.Should().Be(0);
    }

    [Fact]
    public async Task Evaluate_FailedNonFatalDependency_StillRunsTheDependant()
    {
        var root = FakeCheck.Failing("b.root", "expected 3, got 2");
        var leaf = new FakeCheck("b.leaf", (_, _) => ValueTask.FromResult(Verdict.Pass("ok"))) { Deps = ["b.root"] };

        var result = await Engine(RunMode.Audit, null, root, leaf).EvaluateAsync("b.leaf", CancellationToken.None);

        result.Outcome.Should().Be(Outcome.Pass);
    }

    [Fact]
    public async Task Evaluate_ProbeException_BecomesAFailureWithItsMessage()
    {
        var check = new FakeCheck("c.probe", (_, _) => throw new ProbeException("list nodes: the API server https://127.0.0.1:1 is unreachable (Connection refused)"));

        var result = await Engine(RunMode.Audit, null, check).EvaluateAsync("c.probe", CancellationToken.None);

        result.Outcome.Should().Be(Outcome.Fail);
        result.Verdict.Message.Should().Be("list nodes: the API server https://127.0.0.1:1 is unreachable (Connection refused)");
    }

    [Fact]
    public async Task Evaluate_CheckOverrunsItsBudget_FailsInsteadOfHanging()
    {
        var check = new FakeCheck("d.slow", async (_, ct) =>
        {
            await Clock.UntilCancelledAsync(ct);
            return Verdict.Pass("never");
        });

        var result = await Engine(RunMode.Audit, TimeSpan.FromMilliseconds(200), check).EvaluateAsync("d.slow", CancellationToken.None);

        result.Outcome.Should().Be(Outcome.Fail);
        result.Verdict.Message.Should().Contain("no verdict within the check's budget");
    }

    [Fact]
    public async Task Evaluate_AcceptanceOnlyCheckInAudit_IsSkippedWithTheReason()
    {
        var check = new FakeCheck("e.apply", (_, _) => ValueTask.FromResult(Verdict.Pass("applied"))) { RunsIn = [RunMode.Acceptance] };

        var result = await Engine(RunMode.Audit, null, check).EvaluateAsync("e.apply", CancellationToken.None);

        result.Outcome.Should().Be(Outcome.Skip);
        result.Verdict.Message.Should().Be("runs in acceptance mode only; this run is audit");
        check.Evaluations.Should().Be(0);
    }

    [Fact]
    public async Task Run_SharedDependency_IsEvaluatedOnce()
    {
        var root = FakeCheck.Passing("f.root");
        var one = new FakeCheck("f.one", (_, _) => ValueTask.FromResult(Verdict.Pass("ok"))) { Deps = ["f.root"] };
        var two = new FakeCheck("f.two", (_, _) => ValueTask.FromResult(Verdict.Pass("ok"))) { Deps = ["f.root"] };
        var engine = Engine(RunMode.Audit, null, root, one, two);
        var seen = new List<string>();
        engine.Completed += r => { lock (seen) { seen.Add(r.Id); } };

        var results = await engine.RunAsync([Phase.Talos], CancellationToken.None);

        results.Should().HaveCount(3).And.OnlyContain(r => r.Outcome == Outcome.Pass);
        root.Evaluations.Should().Be(1);
        seen.Should().BeEquivalentTo("f.root", "f.one", "f.two");
    }

    [Fact]
    public void FromFindings_WithFindings_JoinsExpectedAndObserved()
    {
        var v = Verdict.FromFindings([new Evidence("node a", "Ready=True", "Ready=Unknown"), new Evidence("node b", "Ready=True", "no Ready condition")], "all ready");

        v.Outcome.Should().Be(Outcome.Fail);
        v.Message.Should().Be("node a: expected Ready=True, got Ready=Unknown; node b: expected Ready=True, got no Ready condition");
    }

    [Fact]
    public async Task RunChecks_OrderedStepsOfASelection_RunOneAfterAnotherAfterTheFreeChecks_CleanupLast()
    {
        // The CLI runs a selection (a phase, --check ids): the acceptance sequence must keep its order there too, or
        // the cleanup step (no dependencies, Order 99) runs first and passes before anything was written.
        var log = new List<string>();
        async ValueTask<Verdict> Step(string id)
        {
            lock (log)
            {
                log.Add("start " + id);
            }

            await Clock.PauseAsync(TimeSpan.FromMilliseconds(30), TimeProvider.System, CancellationToken.None);
            lock (log)
            {
                log.Add("end " + id);
            }

            return Verdict.Pass("ok");
        }

        var free = new FakeCheck("p.free", (_, _) => Step("p.free"), Phase.Policy);
        var cleanup = new OrderedFake(new FakeCheck("p.cleanup", (_, _) => Step("p.cleanup"), Phase.Policy), 99);
        var write = new OrderedFake(new FakeCheck("p.write", (_, _) => Step("p.write"), Phase.Policy), 1);
        var engine = Engine(RunMode.Acceptance, null, cleanup, free, write);

        var results = await engine.RunAsync(["p.cleanup", "p.write", "p.free"], CancellationToken.None);

        results.Select(r => r.Outcome).Should().AllBeEquivalentTo(Outcome.Pass);
        log.Should().Equal("start p.free", "end p.free", "start p.write", "end p.write", "start p.cleanup", "end p.cleanup");
    }

    private sealed class OrderedFake(FakeCheck inner, int order) : CheckBase, IOrderedCheck
    {
        public int Order => order;

        public override string Id => inner.Id;

        public override Phase Phase => inner.Phase;

        public override string Title => inner.Title;

        public override string Hint => inner.Hint;

        public override IReadOnlyList<string> FailingScenarios => inner.FailingScenarios;

        public override ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken) => inner.EvaluateAsync(context, cancellationToken);
    }
}
