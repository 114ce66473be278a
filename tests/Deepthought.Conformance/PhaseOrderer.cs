using Deepthought.Checks.Model;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Deepthought.Conformance;

/// <summary>Runs the conformance tests in seed order: Talos → Etcd → Storage → Mesh → Gateway → Policy, then catalog order.</summary>
public sealed class PhaseOrderer : ITestCaseOrderer
{
    public const string TypeName = "Deepthought.Conformance.PhaseOrderer";
    public const string AssemblyName = "Deepthought.Conformance";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
    {
        var ids = CheckCatalog.All.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return testCases.OrderBy(t => Rank(t, ids));
    }

    private static int Rank(ITestCase test, Dictionary<string, int> ids)
    {
        var id = test.Traits.TryGetValue("Check", out var v) ? v.FirstOrDefault() : null;
        return id is not null && ids.TryGetValue(id, out var i) ? i : int.MaxValue;
    }
}
