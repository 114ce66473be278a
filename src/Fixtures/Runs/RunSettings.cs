using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;

namespace Deepthought.Fixtures.Runs;

/// <summary>The environment names of the run's settings (run.ps1 and `deepthought run` options map onto these).</summary>
public static class RunSettingNames
{
    public const string Target = "DEEPTHOUGHT_TARGET";
    public const string Profile = "DEEPTHOUGHT_PROFILE";
    public const string Mode = "DEEPTHOUGHT_MODE";
    public const string Scenario = "DEEPTHOUGHT_SCENARIO";
    public const string Reports = "DEEPTHOUGHT_REPORTS";
    public const string KubeContext = "DEEPTHOUGHT_KUBE_CONTEXT";
    public const string RequireRealBackends = "DEEPTHOUGHT_REQUIRE_REAL_BACKENDS";
    public const string Kubeconfig = "KUBECONFIG";
    public const string Talosconfig = "TALOSCONFIG";
    public const string TalosEndpoints = "DEEPTHOUGHT_TALOS_ENDPOINTS";
    public const string AllowUnverifiedArtifacts = "DEEPTHOUGHT_ALLOW_UNVERIFIED_ARTIFACTS";
}

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

    /// <summary>Talos API endpoints that replace the talosconfig's, as talosctl's -e (comma-separated in the variable).</summary>
    public IReadOnlyList<string> TalosEndpoints { get; init; } = [];

    public bool RequireRealBackends { get; init; }

    /// <summary>The auditor role the twin enforces in audit mode (profiles/rbac/auditor.yaml or auditor-no-secrets.yaml).</summary>
    public string TwinAuditorPolicy { get; init; } = AuditorRoles.Default;

    /// <summary>Twin component types to leave out (tests of one part; no command-line option or variable sets it).</summary>
    public IReadOnlySet<Type> TwinExclude { get; init; } = new HashSet<Type>();

    /// <summary>The twin also serves kubectl's forms (tables, patches, watch, OpenAPI: Deepthought.Twin.Kubectl), as
    /// <c>deepthought twin</c> does; runs leave it off (tests that drive the real kubectl; no option or variable sets it).</summary>
    public bool TwinKubectl { get; init; }

    /// <summary>Provisioned target: install pinned artifacts that have no recorded SHA-256 (printed for recording).</summary>
    public bool AllowUnverifiedArtifacts { get; init; }

    /// <summary>How a yes/no setting such as DEEPTHOUGHT_REQUIRE_REAL_BACKENDS is read: 1, true or yes.</summary>
    public static bool IsSet(string? value) => value is "1" or "true" or "yes";

    /// <summary>Reads the settings; relative paths resolve against the repository root (found from <paramref name="baseDirectory"/>).</summary>
    public static RunSettings FromEnvironment(Func<string, string?>? getenv = null, string? baseDirectory = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        var root = RepositoryRoot.Find(baseDirectory ?? AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();
        string Resolve(string p) => Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(root, p));

        var target = Parse(getenv(RunSettingNames.Target), RunSettingNames.Target, TargetKind.Twin);
        var mode = Parse(getenv(RunSettingNames.Mode), RunSettingNames.Mode, RunMode.Audit);
        var require = getenv(RunSettingNames.RequireRealBackends);
        return new RunSettings
        {
            Target = target,
            Mode = mode,
            ProfilePath = Resolve(NonEmpty(getenv(RunSettingNames.Profile)) ?? "profiles/deepthought.yaml"),
            Scenario = getenv(RunSettingNames.Scenario) ?? "",
            ReportsDirectory = Resolve(NonEmpty(getenv(RunSettingNames.Reports)) ?? "reports"),
            Kubeconfig = NonEmpty(getenv(RunSettingNames.Kubeconfig)),
            KubeContext = NonEmpty(getenv(RunSettingNames.KubeContext)),
            Talosconfig = NonEmpty(getenv(RunSettingNames.Talosconfig)),
            TalosEndpoints = Deepthought.Checks.Talos.TalosEndpoints.Parse(getenv(RunSettingNames.TalosEndpoints)),
            RequireRealBackends = IsSet(require),
            AllowUnverifiedArtifacts = getenv(RunSettingNames.AllowUnverifiedArtifacts) is "1" or "true" or "yes",
        };
    }

    /// <summary>
    /// Settings from command-line options layered over the environment: each option is given under its DEEPTHOUGHT_*
    /// (or KUBECONFIG/TALOSCONFIG) name and wins over the variable; everything else comes from the environment.
    /// </summary>
    public static RunSettings FromOverrides(IReadOnlyDictionary<string, string> overrides, Func<string, string?>? getenv = null, string? baseDirectory = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        return FromEnvironment(name => overrides.TryGetValue(name, out var v) ? v : getenv(name), baseDirectory);
    }

    /// <summary>
    /// Where reports go even when the rest of the settings are wrong (a configuration error still leaves its marker in
    /// reports/latest); never throws.
    /// </summary>
    public static string ReportsDirectoryOrDefault(Func<string, string?>? getenv = null, string? baseDirectory = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        var root = RepositoryRoot.Find(baseDirectory ?? AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();
        var value = NonEmpty(getenv(RunSettingNames.Reports)) ?? "reports";
        try
        {
            return Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(root, value));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Path.Combine(root, "reports");
        }
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
