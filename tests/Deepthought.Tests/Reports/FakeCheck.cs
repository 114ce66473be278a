using Deepthought.Checks.Model;

namespace Deepthought.Tests.Reports;

/// <summary>A check with fixed metadata for report tests; its verdict is set by the sample run, never evaluated.</summary>
internal sealed class FakeCheck(string id, Phase phase, string title, string hint, bool fatal = false, IReadOnlyList<string>? namespaces = null)
    : ICheck, INamespacedCheck
{
    public string Id => id;

    public Phase Phase => phase;

    public string Title => title;

    public Severity Severity => Severity.Fail;

    public string Hint => hint;

    public bool Fatal => fatal;

    public IReadOnlyList<string> DependsOn => [];

    public IReadOnlyList<string> FailingScenarios => ["fake"];

    public IReadOnlyList<RunMode> Modes => [RunMode.Audit, RunMode.Acceptance];

    public IReadOnlyList<string> Namespaces => namespaces ?? [];

    public ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("report tests set verdicts directly");
}
