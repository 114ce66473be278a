using System.Text.Json.Nodes;
using Deepthought.Fixtures.Reports;
using Deepthought.Fixtures.Runs;
using Deepthought.Tests.Kubernetes;
using Deepthought.Tests.Support;
using Deepthought.Twin.Hosting;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Reports;

/// <summary>
/// Attaching with a talosconfig that has no endpoints (as `talosctl gen config` writes it) and no
/// DEEPTHOUGHT_TALOS_ENDPOINTS: the run falls back to the profile's control-plane IPs and the notice saying so is in
/// the written results.json (run.notices) and report.html (Notices section).
/// </summary>
public sealed class TalosEndpointNoticeReportTests
{
    [Fact]
    public async Task Attach_NoTalosEndpoints_ProfileFallbackNoticeReachesResultsJsonAndReportHtml()
    {
        // The twin is the cluster; the run under test attaches to it as a person would.
        await using var world = await TestWorld.StartAsync();
        var (profile, twin) = (world.Profile, world.Twin);
        var reports = Directory.CreateTempSubdirectory("deepthought-notice-");
        try
        {
            var settings = new RunSettings
            {
                Target = TargetKind.Attach,
                ProfilePath = profile.SourcePath,
                Kubeconfig = twin.KubeconfigPath,
                KubeContext = $"auditor@{profile.Name}",
                Talosconfig = twin.TalosconfigPath,
                ReportsDirectory = reports.FullName,
            };
            await using var run = await ConformanceRun.StartAsync(settings);
            var results = await run.RunChecksAsync(["talos.kubernetes-api"]);
            var written = await run.WriteReportsAsync(results);

            var ips = string.Join(",", profile.ControlPlanes.Select(n => n.Ip));
            var notice = $"{twin.TalosconfigPath}: context \"{profile.Name}\" has no endpoints (as `talosctl gen config` writes it); "
                + $"using the profile's control-plane IPs {ips} as `talosctl -e` would — set DEEPTHOUGHT_TALOS_ENDPOINTS (or --talos-endpoints, run.ps1 -TalosEndpoints) to choose others";
            var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(written.Folder, ResultsJson.FileName)))!;
            (json["run"]!["notices"] as JsonArray)!.Select(n => (string?)n).Should().Contain(notice);
            var html = await File.ReadAllTextAsync(Path.Combine(written.Folder, ReportWriter.HtmlFile));
            var section = html[html.IndexOf("<h2 id=\"notices-h\">Notices</h2>", StringComparison.Ordinal)..];
            section[..section.IndexOf("</section>", StringComparison.Ordinal)].Should().Contain("<li>" + Html.E(notice) + "</li>");
        }
        finally
        {
            reports.Delete(recursive: true);
        }
    }
}
