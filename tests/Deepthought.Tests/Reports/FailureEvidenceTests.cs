using Deepthought.Checks.Model;
using Deepthought.Fixtures.Evidence;

namespace Deepthought.Tests.Reports;

public sealed class FailureEvidenceTests
{
    private const string Events = """
        {"kind":"EventList","apiVersion":"v1","metadata":{},"items":[
          {"metadata":{"name":"a","namespace":"rook-ceph"},"type":"Normal","reason":"Pulled","message":"image pulled",
           "involvedObject":{"kind":"Pod","name":"rook-ceph-osd-0-abc"},"count":1,"lastTimestamp":"2025-03-02T05:59:00Z"},
          {"metadata":{"name":"b","namespace":"rook-ceph"},"type":"Warning","reason":"BackOff","message":"Back-off restarting failed container osd",
           "involvedObject":{"kind":"Pod","name":"rook-ceph-osd-2-6d9f"},"count":12,"lastTimestamp":"2025-03-02T05:58:00Z"},
          {"metadata":{"name":"c","namespace":"rook-ceph"},"type":"Warning","reason":"FailedMount","message":"MountVolume.SetUp failed",
           "involvedObject":{"kind":"Pod","name":"rook-ceph-osd-2-6d9f"},"count":1,"lastTimestamp":"2025-03-02T05:59:30Z"}]}
        """;

    private const string Pods = """
        {"kind":"PodList","apiVersion":"v1","metadata":{},"items":[
          {"metadata":{"name":"rook-ceph-osd-0-abc","namespace":"rook-ceph"},"spec":{"nodeName":"worker-1","containers":[{"name":"osd"}]},
           "status":{"phase":"Running","containerStatuses":[{"name":"osd","ready":true,"restartCount":0,"image":"x","imageID":"x","state":{"running":{}}}]}},
          {"metadata":{"name":"rook-ceph-osd-2-6d9f","namespace":"rook-ceph"},"spec":{"nodeName":"worker-2","containers":[{"name":"osd"}]},
           "status":{"phase":"Running","containerStatuses":[{"name":"osd","ready":false,"restartCount":12,"image":"x","imageID":"x","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}]}
        """;

    [Fact]
    public async Task Collect_FailedCheckNamingAPod_ReadsWarningEventsAndThatPodOnly()
    {
        await using var api = await LoopbackApi.StartAsync(new Dictionary<string, (int, string)>
        {
            ["/api/v1/namespaces/rook-ceph/events"] = (200, Events),
            ["/api/v1/namespaces/rook-ceph/pods"] = (200, Pods),
        });
        using var connections = api.Connections();
        var failed = SampleRuns.Result(SampleRuns.Health, Verdict.Fail(
            "expected 3 OSDs up, got 2", new Evidence("pod rook-ceph/rook-ceph-osd-2", "Running", "CrashLoopBackOff")));

        var evidence = await FailureEvidenceCollector.CollectAsync(connections, [failed], CancellationToken.None);

        evidence.NamespacesByCheck[SampleRuns.Health.Id].Should().Equal("rook-ceph");
        var ns = evidence.Namespaces.Should().ContainSingle().Subject;
        ns.Error.Should().BeNull();
        ns.Events.Select(e => (e.Reason, e.Object)).Should().Equal(("FailedMount", "pod/rook-ceph-osd-2-6d9f"), ("BackOff", "pod/rook-ceph-osd-2-6d9f"));
        ns.Events[1].Count.Should().Be(12);
        ns.Pods.Should().ContainSingle().Which.Should().Be(new PodSummary("rook-ceph-osd-2-6d9f", "Running", "0/1", 12, "CrashLoopBackOff", "worker-2", true));
        api.Requests.Should().OnlyContain(r => r.StartsWith("GET ", StringComparison.Ordinal), "evidence is collected read-only");
    }

    [Fact]
    public async Task Collect_ForbiddenNamespace_SaysWhyAndKeepsGoing()
    {
        await using var api = await LoopbackApi.StartAsync(new Dictionary<string, (int, string)>
        {
            ["/api/v1/namespaces/linkerd/events"] = (403, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403}"""),
            ["/api/v1/namespaces/linkerd/pods"] = (200, """{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}"""),
        });
        using var connections = api.Connections();
        var failed = SampleRuns.Result(SampleRuns.Issuer, Verdict.Fail("x", new Evidence("namespace linkerd", "a", "b")));

        var evidence = await FailureEvidenceCollector.CollectAsync(connections, [failed], CancellationToken.None);

        var ns = evidence.Namespaces.Should().ContainSingle().Subject;
        ns.Namespace.Should().Be("linkerd");
        ns.Error.Should().Contain("list events in linkerd").And.Contain("403 Forbidden");
        ns.Pods.Should().BeEmpty();
    }

    [Fact]
    public async Task Collect_NoFailure_ReadsNothing()
    {
        await using var api = await LoopbackApi.StartAsync(new Dictionary<string, (int, string)>());
        using var connections = api.Connections();
        var passed = SampleRuns.Result(SampleRuns.Osds, Verdict.Pass("ok", new Evidence("namespace rook-ceph", "3", "3")));

        var evidence = await FailureEvidenceCollector.CollectAsync(connections, [passed], CancellationToken.None);

        evidence.Namespaces.Should().BeEmpty();
        api.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("namespace linkerd", "kubectl get pods", "linkerd")]
    [InlineData("deployment linkerd-viz/web", "linkerd viz check", "linkerd-viz")]
    [InlineData("node worker-1", "kubectl -n rook-ceph get pods -l app=rook-ceph-osd", "rook-ceph")]
    [InlineData("node worker-1", "kubectl label namespace emojivoto a=b", "emojivoto")]
    [InlineData("node worker-1", "talosctl -n 192.168.1.34 version", "")]
    [InlineData("Namespace Not_A_Name", "kubectl get nodes", "")]
    public void Resolve_SubjectsAndHint_FindNamespaces(string subject, string hint, string expected)
    {
        var check = new FakeCheck("x.y", Phase.Talos, "t", hint);

        var objects = InvolvedObjectsResolver.Resolve(check, Verdict.Fail("m", new Evidence(subject, "a", "b")));

        objects.Namespaces.Should().Equal(expected.Length == 0 ? [] : [expected]);
    }

    [Fact]
    public void Resolve_NamespacedCheck_UsesDeclaredNamespacesFirst()
    {
        var objects = InvolvedObjectsResolver.Resolve(SampleRuns.Osds, Verdict.Fail("m", new Evidence("pod emojivoto/web-1", "a", "b")));

        objects.Namespaces.Should().Equal("rook-ceph", "emojivoto");
        objects.Names("emojivoto", "web-1").Should().BeTrue();
        objects.Names("emojivoto", "web-1-x7").Should().BeTrue();
        objects.Names("emojivoto", "web-10").Should().BeFalse();
    }
}
