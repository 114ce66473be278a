using Deepthought.Fixtures.Reports;

namespace Deepthought.Tests.Reports;

public sealed class RunComparisonTests
{
    private readonly RunChanges _changes = RunComparison.Compare(
        ResultsDocumentBuilder.Build(SampleRuns.Previous()), "20250301T060000Z-twin-audit", ResultsDocumentBuilder.Build(SampleRuns.Current()));

    [Fact]
    public void Compare_CheckFailingOnlyNow_IsNewFailure()
    {
        _changes.NewFailures.Select(c => (c.Id, c.Before, c.After)).Should().Equal(("talos.node-os-image", "pass", "fail"));
    }

    [Fact]
    public void Compare_CheckFailingBefore_IsFixedWhenItPassesAndNotNewWhenItStillFails()
    {
        _changes.Fixed.Select(c => c.Id).Should().Equal("mesh.issuer-valid");
        _changes.NewFailures.Select(c => c.Id).Should().NotContain(["storage.osds-up", "storage.ceph-health"]);
        _changes.OtherVerdictChanges.Select(c => (c.Id, c.Before, c.After)).Should().Equal(("gateway.route-accepted", "pass", "warn"));
    }

    [Fact]
    public void Compare_SameCheckAndSubject_ReportsChangedObservedValues()
    {
        _changes.Observations.Should().ContainEquivalentOf(new ObservationChange("talos.node-os-image", "node worker-2", "Talos (v1.11.1)", "Talos (v1.10.2)"));
        _changes.Observations.Should().ContainEquivalentOf(new ObservationChange("storage.osds-up", "namespace rook-ceph", "1 OSDs up", "2 OSDs up"));
        _changes.Observations.Should().ContainEquivalentOf(new ObservationChange("storage.osds-up", "pod rook-ceph/rook-ceph-osd-2", RunComparison.Absent, "CrashLoopBackOff"));
        _changes.Observations.Should().NotContain(o => o.Subject == "node worker-1");
    }

    [Fact]
    public void Compare_IdenticalRuns_FindsNothing()
    {
        var doc = ResultsDocumentBuilder.Build(SampleRuns.Current());

        RunComparison.Compare(doc, "same", doc).Any.Should().BeFalse();
    }
}
