using Deepthought.Protocols;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Foundation;

/// <summary>
/// Belt and braces for the banned-API analyzer (BannedSymbols.txt): no source file of src, tests or bench waits on the wall
/// clock, sleeps, times itself or suppresses the ban, except the clock seam (the one file that declares the static
/// class Clock: src/Protocols/Clock.cs). A <c>#pragma</c> elsewhere would silence the analyzer, not this test.
/// </summary>
public sealed class WallClockGuardTests
{
    // Spelled in parts so that this file does not match itself.
    private static readonly string[] Forbidden =
        ["Task" + ".Delay(", "Thread" + ".Sleep(", "Stop" + "watch", ".GetTime" + "stamp(", ".GetElapsed" + "Time(", "RS" + "0030"];

    private static readonly string[] Folders = ["src", "tests", "bench"];

    private const string SeamDeclaration = "public static class " + "Clock";

    [Fact]
    public void Sources_OutsideTheClockSeam_NeitherSleepNorDelayNorTimeNorSuppressTheBan()
    {
        var uses = Find(Repo.Root);

        string.Join(Environment.NewLine, uses).Should().BeEmpty("waits go through Poll.UntilAsync, fixed pauses and timings through Clock (src/Protocols/Clock.cs) on an injected TimeProvider");
    }

    [Fact]
    public void ClockSeam_IsOneFile_AndHoldsTheDelayAndTheTimestamps()
    {
        var seams = SourceFiles(Repo.Root).Where(f => File.ReadAllText(f).Contains(SeamDeclaration, StringComparison.Ordinal)).ToList();

        seams.Should().ContainSingle("the ban's exemption names one seam");
        var text = File.ReadAllText(seams[0]);
        text.Should().Contain(Forbidden[0]).And.Contain(Forbidden[3]).And.Contain(Forbidden[4], "the exempted file is the one that really wraps the clock");
    }

    [Fact]
    public void Guard_PlantedUses_AreNamedByFileAndLine()
    {
        var root = Directory.CreateTempSubdirectory("deepthought-guard-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "src", "A"));
            Directory.CreateDirectory(Path.Combine(root, "tests", "obj"));
            Directory.CreateDirectory(Path.Combine(root, "bench"));
            File.WriteAllLines(Path.Combine(root, "src", "A", "Waits.cs"), ["class Waits", "{", "    async Task W() => await " + Forbidden[0] + "50);", "}"]);
            File.WriteAllLines(Path.Combine(root, "bench", "Bench.cs"), ["#pragma warning disable " + Forbidden[5], "var c = System.Diagnostics." + Forbidden[2] + ".StartNew();"]);
            File.WriteAllLines(Path.Combine(root, "tests", "obj", "Generated.cs"), [Forbidden[1] + "1);"]);
            File.WriteAllLines(Path.Combine(root, "src", "A", "Clock.cs"), [SeamDeclaration, Forbidden[0] + "d, t, c);"]);

            var uses = Find(root);

            uses.Should().Equal(
                $"bench/Bench.cs:1: {Forbidden[5]} in `#pragma warning disable {Forbidden[5]}`",
                $"bench/Bench.cs:2: {Forbidden[2]} in `var c = System.Diagnostics.{Forbidden[2]}.StartNew();`",
                $"src/A/Waits.cs:3: {Forbidden[0]} in `async Task W() => await {Forbidden[0]}50);`");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Every forbidden use as "path:line: what in `line`", paths relative to the root with '/'.</summary>
    private static List<string> Find(string root) =>
        SourceFiles(root)
            .Where(f => !File.ReadAllText(f).Contains(SeamDeclaration, StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(f).SelectMany((line, i) => Forbidden
                .Where(p => line.Contains(p, StringComparison.Ordinal))
                .Select(p => $"{Path.GetRelativePath(root, f).Replace('\\', '/')}:{i + 1}: {p} in `{line.Trim()}`")))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<string> SourceFiles(string root) =>
        Folders.Select(d => Path.Combine(root, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"));
}
