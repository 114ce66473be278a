using Deepthought.Checks.Model;

namespace Deepthought.Checks.Mesh;

/// <summary>Collects failures, warnings and the evidence of what was seen, then makes one verdict (failures win).</summary>
public sealed class Findings
{
    private readonly List<Evidence> _failures = [];
    private readonly List<Evidence> _warnings = [];
    private readonly List<Evidence> _observed = [];

    public IReadOnlyList<Evidence> Failures => _failures;

    public IReadOnlyList<Evidence> Warnings => _warnings;

    public void Fail(string subject, string expected, string observed) => _failures.Add(new Evidence(subject, expected, observed));

    public void Warn(string subject, string expected, string observed) => _warnings.Add(new Evidence(subject, expected, observed));

    /// <summary>What was seen and is fine: kept as the passing verdict's evidence (drift reports compare it).</summary>
    public void Saw(string subject, string expected, string observed) => _observed.Add(new Evidence(subject, expected, observed));

    public Verdict ToVerdict(string passMessage)
    {
        if (_failures.Count > 0)
        {
            return Verdict.Fail(Join(_failures.Concat(_warnings)), _failures.Concat(_warnings));
        }

        return _warnings.Count > 0
            ? Verdict.Warn(Join(_warnings), [.. _warnings, .. _observed])
            : Verdict.Pass(passMessage, _observed);
    }

    private static string Join(IEnumerable<Evidence> items) => string.Join("; ", items.Select(e => e.ToString()));
}
