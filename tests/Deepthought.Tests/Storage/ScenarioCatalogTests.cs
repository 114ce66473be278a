using Deepthought.Checks.Model;
using Deepthought.Twin.Scenarios;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Storage;

public sealed class StorageScenarioCatalogTests
{
    [Fact]
    public void StorageChecks_FailingScenarios_AreDeclaredTwinScenarios()
    {
        var known = ScenarioCatalog.All.Select(s => s.Name).ToHashSet();
        var checks = StorageTwin.Checks;

        checks.Select(c => c.Id).Should().BeEquivalentTo(StorageTwin.CheckIds);
        checks.Should().OnlyContain(c => c.Phase == Phase.Storage && c.Id.StartsWith("storage.", StringComparison.Ordinal));
        foreach (var check in checks)
        {
            check.FailingScenarios.Should().NotBeEmpty().And.OnlyContain(s => known.Contains(s), $"{check.Id} names its failing scenarios");
            check.Title.Should().NotBeNullOrWhiteSpace();
            check.Hint.Should().Match(h => h.Contains("kubectl", StringComparison.Ordinal) || h.Contains("helm", StringComparison.Ordinal), "a hint is a command to run");
        }
    }

    [Fact]
    public void RealCephScenarios_AreMarkedAsNeedingTheRealBackend()
    {
        var real = ScenarioCatalog.All.Where(s => s.NeedsRealBackend).Select(s => s.Name);

        real.Should().Contain(["osd-down", "mon-down", "ceph-status-disagrees"]);
        ScenarioCatalog.All.Single(s => s.Name == "cephcluster-no-osds").NeedsRealBackend.Should().BeFalse();
    }
}
