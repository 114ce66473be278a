using System.Text.Json;
using Deepthought.Fixtures.Reports;

namespace Deepthought.Tests.Reports;

public sealed class ResultsJsonTests
{
    [Fact]
    public void Serialize_RunWithEveryVerdict_WritesDocumentedFields()
    {
        var json = ResultsJson.Serialize(ResultsDocumentBuilder.Build(SampleRuns.Current("etcd not installed: scripted etcd answers")));

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        root.GetProperty("schemaVersion").GetInt32().Should().Be(1);
        var run = root.GetProperty("run");
        run.GetProperty("target").GetString().Should().Be("twin");
        run.GetProperty("mode").GetString().Should().Be("audit");
        run.GetProperty("profile").GetProperty("name").GetString().Should().Be("deepthought");
        run.GetProperty("scenario").GetString().Should().Be("osd-down");
        run.GetProperty("harnessVersion").GetString().Should().Be("0.1.0-test");
        run.GetProperty("started").GetDateTimeOffset().Should().Be(SampleRuns.CurrentStart);
        run.GetProperty("finished").GetDateTimeOffset().Should().Be(SampleRuns.CurrentStart.AddSeconds(4.2));
        run.GetProperty("notices")[0].GetString().Should().Be("etcd not installed: scripted etcd answers");
        root.GetProperty("summary").GetProperty("verdict").GetString().Should().Be("fail");

        var osds = root.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "storage.osds-up");
        osds.GetProperty("phase").GetString().Should().Be("Storage");
        osds.GetProperty("title").GetString().Should().Be("every data disk has an OSD up and in");
        osds.GetProperty("severity").GetString().Should().Be("fail");
        osds.GetProperty("verdict").GetString().Should().Be("fail");
        osds.GetProperty("message").GetString().Should().StartWith("namespace rook-ceph: expected 3 OSDs up, got 2");
        osds.GetProperty("evidence")[0].GetProperty("subject").GetString().Should().Be("namespace rook-ceph");
        osds.GetProperty("evidence")[0].GetProperty("expected").GetString().Should().Be("3 OSDs up");
        osds.GetProperty("evidence")[0].GetProperty("observed").GetString().Should().Be("2 OSDs up");
        osds.GetProperty("hint").GetString().Should().Be("kubectl -n rook-ceph get pods -l app=rook-ceph-osd");
        osds.GetProperty("attempts").GetInt32().Should().Be(4);
        osds.GetProperty("durationSeconds").GetDouble().Should().Be(0.25);
        osds.GetProperty("namespaces")[0].GetString().Should().Be("rook-ceph");

        var health = root.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "storage.ceph-health");
        health.GetProperty("verdict").GetString().Should().Be("blocked");
        health.GetProperty("blockedBy").GetString().Should().Be("storage.osds-up");

        var diagnostics = root.GetProperty("diagnostics")[0];
        diagnostics.GetProperty("namespace").GetString().Should().Be("rook-ceph");
        diagnostics.GetProperty("events")[0].GetProperty("reason").GetString().Should().Be("BackOff");
        diagnostics.GetProperty("pods")[0].GetProperty("reason").GetString().Should().Be("CrashLoopBackOff");
    }

    [Fact]
    public void TryRead_WrittenDocument_RoundTrips()
    {
        using var folder = new TempFolder();
        var original = ResultsDocumentBuilder.Build(SampleRuns.Current());
        var path = Path.Combine(folder.Path, "results.json");
        File.WriteAllText(path, ResultsJson.Serialize(original));

        var read = ResultsJson.TryRead(path);

        read.Should().NotBeNull();
        read!.Checks.Select(c => (c.Id, c.Verdict, c.Message)).Should().Equal(original.Checks.Select(c => (c.Id, c.Verdict, c.Message)));
        read.Checks[2].Evidence.Should().BeEquivalentTo(original.Checks[2].Evidence);
        read.Run.Started.Should().Be(original.Run.Started);
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 2, \"run\": {}, \"checks\": []}")]
    [InlineData("not json")]
    public void TryRead_OtherSchemaOrGarbage_ReturnsNull(string content)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "results.json");
        File.WriteAllText(path, content);

        ResultsJson.TryRead(path).Should().BeNull();
    }
}
