using System.Collections.Concurrent;
using Deepthought.Fixtures.Reports;
using Microsoft.Playwright;

namespace Deepthought.Tests.Reports;

/// <summary>Opens a written report.html in headless Chromium and asserts on the rendered DOM, on a desktop and a phone viewport.</summary>
public sealed class HtmlReportBrowserTests
{
    [SkippableFact]
    public async Task ReportHtml_RunWithFailuresSkipsAndBlocked_RendersFailuresFirstPhasesAndNewFailure()
    {
        var chromium = Chromium.Require()!;
        using var root = new TempFolder();
        using var profile = new TempFolder("dt-chromium");
        ReportWriter.Write(SampleRuns.Previous(), root.Path);
        var dir = ReportWriter.Write(SampleRuns.Current("etcd not installed: scripted etcd answers"), root.Path);
        var file = new Uri(Path.Combine(dir, "report.html")).AbsoluteUri;

        using var playwright = await Playwright.CreateAsync();
        await using var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.Path, new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = Chromium.Flags,
            ViewportSize = new() { Width = 1280, Height = 900 },
            Timeout = 60_000,
        });
        var requests = new ConcurrentBag<string>();
        await context.RouteAsync("**/*", async route =>
        {
            requests.Add(route.Request.Url);
            await (route.Request.Url == file ? route.ContinueAsync() : route.AbortAsync());
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(file);

        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Deepthought conformance");
        (await page.Locator("#overall").InnerTextAsync()).Should().StartWith("× FAIL");

        var verdicts = await page.Locator("article.check").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.verdict)");
        verdicts.Should().Equal("fail", "fail", "warn", "blocked", "skip", "pass", "pass");
        (await page.Locator("article.check").First.GetAttributeAsync("id")).Should().Be("check-talos.node-os-image");

        var phases = await page.Locator("#phases tbody th[scope=row]").AllInnerTextsAsync();
        phases.Should().Equal("Talos", "Storage", "Mesh", "Gateway");
        (await page.Locator("#phases tr[data-phase=Storage] .badge").InnerTextAsync()).Should().Be("× FAIL");

        var newFailures = await page.Locator("#changes ul.new-failures li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.check)");
        newFailures.Should().Equal("talos.node-os-image");
        (await page.Locator("#changes table.observations").InnerTextAsync()).Should().Contain("Talos (v1.10.2)");
        (await page.Locator("#check-storage\\.ceph-health .reason").InnerTextAsync()).Should().StartWith("Blocked by storage.osds-up:");
        (await page.Locator("#check-storage\\.osds-up pre.hint code").First.InnerTextAsync()).Should().Be("kubectl -n rook-ceph get pods -l app=rook-ceph-osd");
        (await page.EvaluateAsync<bool>("() => document.querySelectorAll('script').length === 0")).Should().BeTrue("the osd message carried a <script> that must stay text");

        var shots = Chromium.ResultsFolder("report-html");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "report-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
            .Should().BeTrue("on a phone the page must not scroll sideways (tables scroll inside their box)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "report-phone.png"), FullPage = true });
        File.Copy(Path.Combine(dir, "report.html"), Path.Combine(shots, "report.html"), overwrite: true);

        requests.Should().OnlyContain(u => u == file, "the report loads nothing but itself");
    }
}
