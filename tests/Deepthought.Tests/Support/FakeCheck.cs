using Deepthought.Checks.Model;

namespace Deepthought.Tests.Support;

/// <summary>A check whose evaluation the test supplies.</summary>
public sealed class FakeCheck(string id, Func<CheckContext, CancellationToken, ValueTask<Verdict>> evaluate, Phase phase = Phase.Talos) : CheckBase
{
    public int Evaluations { get; private set; }

    public override string Id => id;

    public override Phase Phase => phase;

    public override string Title => $"{id} holds";

    public override string Hint => $"run {id}";

    public bool IsFatal { get; init; }

    public override bool Fatal => IsFatal;

    public IReadOnlyList<string> Deps { get; init; } = [];

    public override IReadOnlyList<string> DependsOn => Deps;

    public IReadOnlyList<RunMode> RunsIn { get; init; } = [RunMode.Audit, RunMode.Acceptance];

    public override IReadOnlyList<RunMode> Modes => RunsIn;

    public override IReadOnlyList<string> FailingScenarios => ["fake"];

    public override ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        Evaluations++;
        return evaluate(context, cancellationToken);
    }

    public static FakeCheck Passing(string id) => new(id, (_, _) => ValueTask.FromResult(Verdict.Pass("ok")));

    public static FakeCheck Failing(string id, string message) => new(id, (_, _) => ValueTask.FromResult(Verdict.Fail(message)));
}
