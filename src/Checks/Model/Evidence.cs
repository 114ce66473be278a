namespace Deepthought.Checks.Model;

/// <summary>One observed fact set against what the profile expects, about one subject (a node, a pod, a CRD...).</summary>
public sealed record Evidence(string Subject, string Expected, string Observed)
{
    public override string ToString() => $"{Subject}: expected {Expected}, got {Observed}";
}
