namespace Deepthought.Twin.Etcd;

/// <summary>Finds the etcd server binary: $DEEPTHOUGHT_ETCD, else `etcd` on PATH (Debian's etcd-server).</summary>
public static class EtcdBinary
{
    public static string? Find(Func<string, string?>? getenv = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        var explicitPath = getenv("DEEPTHOUGHT_ETCD");
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath : null;
        }

        foreach (var dir in (getenv("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "etcd");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
