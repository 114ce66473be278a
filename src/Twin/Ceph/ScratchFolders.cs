using System.Globalization;

namespace Deepthought.Twin.Ceph;

/// <summary>
/// The clusters' scratch folders, <c>dt-ceph-&lt;owner pid&gt;-&lt;random&gt;</c> under the work root (short, because
/// admin socket paths must fit in 107 bytes). A test host killed before its exit handler ran leaves one behind; the
/// next cluster start removes such folders and stops their daemons, by the pids recorded inside, only when the
/// owner process is gone and the daemon's command line names that folder.
/// </summary>
internal static class ScratchFolders
{
    private const string Prefix = "dt-ceph-";

    public static string Create(string root)
    {
        var dir = Path.Combine(Path.GetFullPath(root), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..(Prefix.Length + 20)]);
        foreach (var sub in new[] { "run", "log", "crash", "pids", "mgr.a" })
        {
            Directory.CreateDirectory(Path.Combine(dir, sub));
        }

        return dir;
    }

    /// <summary>Writes a file readable by its owner only (keyrings).</summary>
    public static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(text);
    }

    public static bool TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void SweepStale(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            var owner = Path.GetFileName(dir)[Prefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ownerPid) || PosixSignals.Exists(ownerPid))
            {
                continue;
            }

            var pids = Path.Combine(dir, "pids");
            if (Directory.Exists(pids))
            {
                foreach (var file in Directory.EnumerateFiles(pids))
                {
                    if (int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && CommandLineNames(pid, dir))
                    {
                        PosixSignals.Send(pid, PosixSignals.SigKill);
                    }
                }
            }

            TryDelete(dir);
        }
    }

    private static bool CommandLineNames(int pid, string dir)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return cmdline.Contains(dir, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
