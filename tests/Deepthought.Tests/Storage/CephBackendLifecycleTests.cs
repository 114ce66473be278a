using System.Diagnostics;
using System.Net.Sockets;
using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Twin.Ceph;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Storage;

/// <summary>Teardown leaves nothing behind; without Ceph the twin scripts its answers and says so, or refuses when real backends are required.</summary>
[Collection(RealCephCollection.Name)]
[Trait("Phase", "Storage")]
public sealed class CephBackendLifecycleTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task RealCephCluster_Dispose_LeavesNoProcessPortOrFile()
    {
        var install = RealCeph.Require();
        var clock = Stopwatch.StartNew();
        var cluster = await RealCephCluster.StartAsync(install, new CephClusterOptions { Osds = 1, Mons = 1, OsdBlockBytes = 2L << 30 }, CancellationToken.None);
        output.WriteLine($"1 mon + 1 OSD started in {clock.Elapsed.TotalSeconds:0.0} s: {cluster.Events.First()}");
        var dir = cluster.Directory;
        var pids = cluster.Pids;
        pids.Should().HaveCount(3, "one mon, one mgr, one OSD");
        Pgrep(dir).Should().NotBeEmpty();
        (await cluster.SnapshotAsync(CancellationToken.None)).IsSettled(1, 1).Should().BeTrue();
        var metricsPort = cluster.MetricsUrl.Port;
        var monPort = int.Parse(File.ReadAllText(cluster.ConfPath).Split('\n').First(l => l.StartsWith("mon host", StringComparison.Ordinal)).Split(':')[^1].TrimEnd(']', '\r'), System.Globalization.CultureInfo.InvariantCulture);

        clock.Restart();
        await cluster.DisposeAsync();
        output.WriteLine($"teardown {clock.Elapsed.TotalSeconds:0.0} s");

        Pgrep(dir).Should().BeEmpty("no process may outlive the cluster (pgrep -f {0})", dir);
        pids.Should().OnlyContain(p => !Directory.Exists($"/proc/{p}"));
        Directory.Exists(dir).Should().BeFalse();
        Listening(metricsPort).Should().BeFalse();
        Listening(monPort).Should().BeFalse();
    }

    [Fact]
    public async Task CephBackend_NotInstalled_ScriptsAnswersWithANotice()
    {
        var saved = CephBackendComponent.Locate;
        CephBackendComponent.Locate = () => null;
        try
        {
            await using var twin = await StorageTwin.StartAsync(StorageTwin.Profile(), [], requireReal: false);
            twin.Context.Notices.Should().Contain(n => n.Contains("Ceph is not installed", StringComparison.Ordinal) && n.Contains("scripted Ceph answers", StringComparison.Ordinal));
            var backend = twin.Context.Find<CephTwin>()!.Backend;
            backend.IsReal.Should().BeFalse();
            var results = await TwinObservations.RunAsync(twin.Context, StorageTwin.Checks);
            results.Should().OnlyContain(r => r.Outcome == Outcome.Pass, string.Join("\n", results.Select(r => r.Verdict.Message)));
        }
        finally
        {
            CephBackendComponent.Locate = saved;
        }
    }

    [Fact]
    public async Task CephBackend_NotInstalledButRequired_IsAConfigurationError()
    {
        var saved = CephBackendComponent.Locate;
        CephBackendComponent.Locate = () => null;
        try
        {
            var start = () => StorageTwin.StartAsync(StorageTwin.Profile(), [], requireReal: true);
            (await start.Should().ThrowAsync<ConfigurationException>())
                .Which.Message.Should().Contain("DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 but Ceph is not installed")
                .And.Contain(CephInstallation.AptInstall);
        }
        finally
        {
            CephBackendComponent.Locate = saved;
        }
    }

    [Fact]
    public async Task ScriptedCeph_OsdDown_FailsTheSameChecksAsTheRealOne()
    {
        var saved = CephBackendComponent.Locate;
        CephBackendComponent.Locate = () => null;
        try
        {
            var results = await ScenarioRuns.RunAsync("osd-down", output, requireReal: false);
            ScenarioRuns.AssertFailsExactly(results, ["storage.cephcluster-healthy", "storage.osds-up-in"], "OSD_DOWN: 1 osds down");
        }
        finally
        {
            CephBackendComponent.Locate = saved;
        }
    }

    private static string Pgrep(string pattern)
    {
        using var p = Process.Start(new ProcessStartInfo("pgrep", ["-f", pattern]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text.Trim();
    }

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
