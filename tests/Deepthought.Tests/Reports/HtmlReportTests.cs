using System.Text.RegularExpressions;
using Deepthought.Fixtures.Reports;

namespace Deepthought.Tests.Reports;

public sealed class HtmlReportTests
{
    private readonly string _html = HtmlReport.Render(
        ResultsDocumentBuilder.Build(SampleRuns.Current()),
        RunComparison.Compare(ResultsDocumentBuilder.Build(SampleRuns.Previous()), "20250301T060000Z-twin-audit", ResultsDocumentBuilder.Build(SampleRuns.Current())));

    [Fact]
    public void Render_Page_IsSelfContainedWithoutScriptOrNetwork()
    {
        _html.Should().StartWith("<!DOCTYPE html>").And.Contain("<html lang=\"en\">").And.Contain("<meta name=\"viewport\"").And.Contain("<style>");
        _html.Should().NotContainAny("<script", "<link", "<img", "<iframe", "@import", "url(", " src=", "href=\"http", "href=\"//");
        Regex.Matches(_html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Should().OnlyContain(h => h.StartsWith('#'));
    }

    [Fact]
    public void Render_ObservedMarkup_IsEncoded()
    {
        _html.Should().Contain("osd.2 down &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").And.NotContain("<script>alert");
    }

    [Fact]
    public void Render_Tables_HaveScopedHeaders()
    {
        Regex.Matches(_html, "<th(?=[\\s>])(?![^>]*scope=\"(col|row)\")[^>]*>").Should().BeEmpty("every th says whether it heads a column or a row");
        _html.Should().Contain("<th scope=\"row\">Talos</th>");
    }

    [Fact]
    public void Render_FailedCheck_ShowsHintInCodeAndDiagnostics()
    {
        _html.Should().Contain("<pre class=\"hint\"><code>kubectl -n rook-ceph get pods -l app=rook-ceph-osd</code></pre>");
        _html.Should().Contain("kubectl events -n rook-ceph | grep -v Normal").And.Contain("Back-off restarting failed container osd");
    }
}
