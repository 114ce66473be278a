namespace Deepthought.Checks.Model;

/// <summary>Convenience base: the metadata as init properties, the evaluation as one method.</summary>
public abstract class CheckBase : ICheck
{
    public abstract string Id { get; }

    public abstract Phase Phase { get; }

    public abstract string Title { get; }

    public virtual Severity Severity => Severity.Fail;

    public abstract string Hint { get; }

    public virtual bool Fatal => false;

    public virtual IReadOnlyList<string> DependsOn => [];

    public abstract IReadOnlyList<string> FailingScenarios { get; }

    public virtual IReadOnlyList<RunMode> Modes => [RunMode.Audit, RunMode.Acceptance];

    public abstract ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken);

    public override string ToString() => $"{Id} ({Phase}): {Title}";
}
