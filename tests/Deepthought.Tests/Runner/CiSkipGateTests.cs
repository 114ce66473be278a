using System.Diagnostics;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Runner;

/// <summary>
/// The gate at the end of .ci/run (.ci/check-skips.py over the JUnit files): a skipped test that is not on
/// .ci/allowed-skips.txt fails CI, an allowed one does not, and a run in which no test ran fails.
/// </summary>
public sealed class CiSkipGateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepthought-skipgate-").FullName;

    [Fact]
    public async Task UnexpectedSkip_FailsTheRun_NamingTheTestAndItsReason()
    {
        Junit("a", Case("Deepthought.Tests.Storage.RealCephTests", "Osd_Comes_Up", "<skipped message=\"ceph-osd not installed\" />"), Case("X", "Passes", ""));

        var (code, stdout, stderr) = await GateAsync();

        code.Should().Be(1);
        stdout.Should().Contain("1 passed, 0 failed, 1 skipped");
        stderr.Should().Contain("1 skipped test(s) not on .ci/allowed-skips.txt").And.Contain("Deepthought.Tests.Storage.RealCephTests.Osd_Comes_Up: ceph-osd not installed");
    }

    [Fact]
    public async Task AllowListedSkip_PassesTheRun()
    {
        Junit("a", Case("Deepthought.Conformance.ConformanceSuite", "NoLeftovers", "<skipped message=\"acceptance only\" />"), Case("X", "Passes", ""));

        var (code, stdout, stderr) = await GateAsync();

        code.Should().Be(0, stderr);
        stdout.Should().Contain("1 passed, 0 failed, 1 skipped");
    }

    [Fact]
    public async Task NoTestRan_FailsTheRun()
    {
        Junit("a", Case("Deepthought.Conformance.ConformanceSuite", "NoLeftovers", "<skipped message=\"acceptance only\" />"));

        var (code, _, stderr) = await GateAsync();

        code.Should().Be(1);
        stderr.Should().Contain("no test ran");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Case(string classname, string name, string inner) =>
        $"<testcase classname=\"{classname}\" name=\"{name}\" time=\"0.1\">{inner}</testcase>";

    private void Junit(string name, params string[] cases) =>
        File.WriteAllText(Path.Combine(_dir, name + ".junit.xml"), $"<?xml version=\"1.0\"?><testsuites><testsuite name=\"s\">{string.Concat(cases)}</testsuite></testsuites>");

    private async Task<(int Code, string Stdout, string Stderr)> GateAsync()
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(Repo.Root, ".ci", "check-skips.py"), _dir, Path.Combine(Repo.Root, ".ci", "allowed-skips.txt") })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
