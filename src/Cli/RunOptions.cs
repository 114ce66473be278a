using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;

namespace Deepthought.Cli;

/// <summary>
/// `deepthought run` options. Every setting maps onto its DEEPTHOUGHT_* (or KUBECONFIG/TALOSCONFIG) name and wins over
/// the environment; paths are resolved against the current folder.
/// </summary>
public sealed record RunOptions
{
    public const string Usage = """
        usage: deepthought run [options]
          --phase <name>           run this phase (repeatable, or comma-separated): Talos, Etcd, Storage, Mesh, Gateway, Policy
          --check <id>             run this check (repeatable, or comma-separated; see `deepthought catalog`)
          --target <twin|attach>   DEEPTHOUGHT_TARGET (default twin)
          --mode <audit|acceptance> DEEPTHOUGHT_MODE (default audit)
          --profile <file>         DEEPTHOUGHT_PROFILE (default profiles/deepthought.yaml)
          --scenario <a,b>         DEEPTHOUGHT_SCENARIO: twin fault scenarios (default none)
          --reports <folder>       DEEPTHOUGHT_REPORTS (default reports/)
          --kubeconfig <file>      KUBECONFIG (attach)
          --talosconfig <file>     TALOSCONFIG (attach)
          --talos-endpoints <ips>  DEEPTHOUGHT_TALOS_ENDPOINTS: Talos API endpoints, as talosctl -e (attach; default:
                                   the talosconfig's, else the profile's control-plane IPs)
          --previous <results.json> compare with this run instead of the newest earlier one in the reports folder
          --fail-on-new-failures   exit 1 only for failures that the previous run did not have (drift audits)
          --dry-run                list what would run, start nothing
        exit codes: 0 all passed (warnings pass), 1 a check failed or was blocked, 2 configuration error
        """;

    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<Phase> Phases { get; init; } = [];

    public IReadOnlyList<string> Checks { get; init; } = [];

    public string? Previous { get; init; }

    public bool DryRun { get; init; }

    public bool FailOnNewFailures { get; init; }

    public bool Help { get; init; }

    /// <summary>Parses the options; a wrong one is a <see cref="ConfigurationException"/> naming it and the fix.</summary>
    public static RunOptions Parse(IReadOnlyList<string> args, string currentDirectory)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        var phases = new List<Phase>();
        var checks = new List<string>();
        string? previous = null;
        bool dryRun = false, failOnNew = false, help = false;
        string Full(string p) => Path.GetFullPath(Path.Combine(currentDirectory, p));
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = Split(args[i]);
            string Value() => inline ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ConfigurationException($"deepthought run: {name} needs a value — {name} <value> (see deepthought run --help)"));
            switch (name)
            {
                case "--phase": phases.AddRange(List(Value()).Select(ParsePhase)); break;
                case "--check": checks.AddRange(List(Value())); break;
                case "--target": overrides[RunSettingNames.Target] = Value(); break;
                case "--mode": overrides[RunSettingNames.Mode] = Value(); break;
                case "--profile": overrides[RunSettingNames.Profile] = Full(Value()); break;
                case "--scenario": overrides[RunSettingNames.Scenario] = Value(); break;
                case "--reports": overrides[RunSettingNames.Reports] = Full(Value()); break;
                case "--kubeconfig": overrides[RunSettingNames.Kubeconfig] = Full(Value()); break;
                case "--talosconfig": overrides[RunSettingNames.Talosconfig] = Full(Value()); break;
                case "--talos-endpoints": overrides[RunSettingNames.TalosEndpoints] = Value(); break;
                case "--previous": previous = Full(Value()); break;
                case "--dry-run": dryRun = true; break;
                case "--fail-on-new-failures": failOnNew = true; break;
                case "--help" or "-h": help = true; break;
                default:
                    throw new ConfigurationException($"deepthought run: unknown option '{args[i]}' — see deepthought run --help");
            }
        }

        return new RunOptions
        {
            Overrides = overrides,
            Phases = phases.Distinct().Order().ToList(),
            Checks = checks.Distinct(StringComparer.Ordinal).ToList(),
            Previous = previous,
            DryRun = dryRun,
            FailOnNewFailures = failOnNew,
            Help = help,
        };
    }

    /// <summary>The checks this run reports, in seed order: the named checks, within the named phases (all when none).</summary>
    public IReadOnlyList<ICheck> Select(IReadOnlyList<ICheck> catalog)
    {
        foreach (var id in Checks.Where(id => catalog.All(c => c.Id != id)))
        {
            throw new ConfigurationException($"--check {id}: no such check — `deepthought catalog` lists the ids");
        }

        var selected = catalog.Where(c => (Phases.Count == 0 || Phases.Contains(c.Phase)) && (Checks.Count == 0 || Checks.Contains(c.Id))).ToList();
        return selected.Count > 0
            ? selected
            : throw new ConfigurationException(
                $"--phase {string.Join(",", Phases)} with --check {string.Join(",", Checks)}: no check is in both — drop one of them or pick a check of that phase");
    }

    private static (string Name, string? Inline) Split(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    private static IEnumerable<string> List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Phase ParsePhase(string value) =>
        Enum.TryParse<Phase>(value, ignoreCase: true, out var p) && Enum.IsDefined(p)
            ? p
            : throw new ConfigurationException($"--phase {value}: no such phase; allowed: {string.Join(", ", Enum.GetNames<Phase>())}");
}
