using Deepthought.Checks.Model;

namespace Deepthought.Fixtures.Runs;

public enum TargetKind
{
    Twin,
    Attach,
    Provisioned,
}

/// <summary>The run's configuration, from the DEEPTHOUGHT_* environment (or a runsettings file / run.ps1 setting the same names).</summary>
public sealed record RunSettings
{
    public TargetKind Target { get; init; } = TargetKind.Twin;

    public string ProfilePath { get; init; } = "profiles/deepthought.yaml";

    public RunMode Mode { get; init; } = RunMode.Audit;

    public string Scenario { get; init; } = "";

    public string ReportsDirectory { get; init; } = "reports";

    public string? Kubeconfig { get; init; }

    public string? KubeContext { get; init; }

    public string? Talosconfig { get; init; }

    public bool RequireRealBackends { get; init; }

    /// <summary>Reads the settings; relative paths resolve against the repository root (found from <paramref name="baseDirectory"/>).</summary>
    public static RunSettings FromEnvironment(Func<string, string?>? getenv = null, string? baseDirectory = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        var root = RepositoryRoot.Find(baseDirectory ?? AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();
        string Resolve(string p) => Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(root, p));

        var target = Parse(getenv("DEEPTHOUGHT_TARGET"), "DEEPTHOUGHT_TARGET", TargetKind.Twin);
        var mode = Parse(getenv("DEEPTHOUGHT_MODE"), "DEEPTHOUGHT_MODE", RunMode.Audit);
        var require = getenv("DEEPTHOUGHT_REQUIRE_REAL_BACKENDS");
        return new RunSettings
        {
            Target = target,
            Mode = mode,
            ProfilePath = Resolve(NonEmpty(getenv("DEEPTHOUGHT_PROFILE")) ?? "profiles/deepthought.yaml"),
            Scenario = getenv("DEEPTHOUGHT_SCENARIO") ?? "",
            ReportsDirectory = Resolve(NonEmpty(getenv("DEEPTHOUGHT_REPORTS")) ?? "reports"),
            Kubeconfig = NonEmpty(getenv("KUBECONFIG")),
            KubeContext = NonEmpty(getenv("DEEPTHOUGHT_KUBE_CONTEXT")),
            Talosconfig = NonEmpty(getenv("TALOSCONFIG")),
            RequireRealBackends = require is "1" or "true" or "yes",
        };
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static T Parse<T>(string? value, string name, T fallback)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ConfigurationException(
                $"{name}={value}: not allowed; allowed: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
    }
}

/// <summary>Finds the repository root (the folder with Deepthought.Conformance.sln) above a folder.</summary>
public static class RepositoryRoot
{
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Deepthought.Conformance.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
