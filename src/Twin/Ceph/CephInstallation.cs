namespace Deepthought.Twin.Ceph;

/// <summary>Where the Debian Ceph binaries are (null when a part is missing), found on PATH.</summary>
public sealed record CephInstallation(string Mon, string Mgr, string Osd, string Cli, string MonMapTool)
{
    /// <summary>The apt line that installs everything the real backend needs.</summary>
    public const string AptInstall = "apt-get install -y ceph-mon ceph-mgr ceph-osd ceph-common ceph-mgr-modules-core";

    private static readonly Lazy<(CephInstallation? Found, string Missing)> Detected = new(Detect);

    /// <summary>The installation on this machine, or null (see <see cref="Missing"/>).</summary>
    public static CephInstallation? Find() => Detected.Value.Found;

    /// <summary>The executables that were not found, e.g. "ceph-mon, ceph-osd" (empty when all are there).</summary>
    public static string Missing => Detected.Value.Missing;

    private static (CephInstallation?, string) Detect()
    {
        string[] names = ["ceph-mon", "ceph-mgr", "ceph-osd", "ceph", "monmaptool"];
        var found = names.Select(Which).ToArray();
        var missing = names.Where((_, i) => found[i] is null).ToArray();
        return missing.Length > 0
            ? (null, string.Join(", ", missing))
            : (new CephInstallation(found[0]!, found[1]!, found[2]!, found[3]!, found[4]!), "");
    }

    /// <summary>Finds an executable on PATH (plus /usr/bin and /usr/sbin, where Debian puts Ceph).</summary>
    public static string? Which(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/sbin", "/usr/local/bin"]);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
