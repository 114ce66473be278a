using System.CommandLine;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Protocols;

namespace Deepthought.Cli;

/// <summary>
/// `deepthought run` options. Every setting maps onto its DEEPTHOUGHT_* (or KUBECONFIG/TALOSCONFIG) name and wins over
/// the environment; paths are resolved against the current folder.
/// </summary>
public sealed record RunOptions
{
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<Phase> Phases { get; init; } = [];

    public IReadOnlyList<string> Checks { get; init; } = [];

    public string? Previous { get; init; }

    public bool DryRun { get; init; }

    public bool FailOnNewFailures { get; init; }

    public bool Help { get; init; }

    /// <summary>Parses the options of <c>deepthought run</c>; a wrong one is a <see cref="ConfigurationException"/> naming it.</summary>
    public static RunOptions Parse(IReadOnlyList<string> args, string currentDirectory)
    {
        var line = new RunCommandLine();
        return line.Read(DeepthoughtCommandLine.ParseOrThrow(line.Command, args, "deepthought run"), currentDirectory);
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

    internal static IEnumerable<string> List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static Phase ParsePhase(string value) =>
        Enum.TryParse<Phase>(value, ignoreCase: true, out var p) && Enum.IsDefined(p)
            ? p
            : throw new ConfigurationException($"--phase {value}: no such phase; allowed: {string.Join(", ", Enum.GetNames<Phase>())}");
}

/// <summary>
/// The options of <c>deepthought run</c> as System.CommandLine symbols. Every setting maps onto its DEEPTHOUGHT_* (or
/// KUBECONFIG/TALOSCONFIG) name and wins over the environment; paths are resolved against the current folder.
/// </summary>
public sealed class RunCommandLine
{
    private readonly Option<string[]> _phase = new("--phase") { Description = "run this phase (repeatable, or comma-separated): " + string.Join(", ", Enum.GetNames<Phase>()), HelpName = "name" };
    private readonly Option<string[]> _check = new("--check") { Description = "run this check (repeatable, or comma-separated; see `deepthought catalog`)", HelpName = "id" };
    private readonly Option<string> _target = new("--target") { Description = $"{RunSettingNames.Target}: twin, attach or provisioned (a throwaway kind cluster; default twin)", HelpName = "twin|attach|provisioned" };
    private readonly Option<string> _mode = new("--mode") { Description = $"{RunSettingNames.Mode}: audit or acceptance (default audit)", HelpName = "audit|acceptance" };
    private readonly Option<string> _profile = new("--profile") { Description = $"{RunSettingNames.Profile} (default profiles/deepthought.yaml)", HelpName = "file" };
    private readonly Option<string> _scenario = new("--scenario") { Description = $"{RunSettingNames.Scenario}: twin fault scenarios (default none)", HelpName = "a,b" };
    private readonly Option<string> _reports = new("--reports") { Description = $"{RunSettingNames.Reports} (default reports/)", HelpName = "folder" };
    private readonly Option<string> _kubeconfig = new("--kubeconfig") { Description = $"{RunSettingNames.Kubeconfig} (attach)", HelpName = "file" };
    private readonly Option<string> _talosconfig = new("--talosconfig") { Description = $"{RunSettingNames.Talosconfig} (attach)", HelpName = "file" };
    private readonly Option<string> _talosEndpoints = new("--talos-endpoints")
    {
        Description = $"{RunSettingNames.TalosEndpoints}: Talos API endpoints, as talosctl -e (attach; default: the talosconfig's, else the profile's control-plane IPs)",
        HelpName = "ips",
    };
    private readonly Option<string> _previous = new("--previous") { Description = "compare with this run instead of the newest earlier one in the reports folder", HelpName = "results.json" };
    private readonly Option<bool> _failOnNew = new("--fail-on-new-failures") { Description = "exit 1 only for failures that the previous run did not have (drift audits)" };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "list what would run, start nothing" };

    public RunCommandLine()
    {
        Command = new Command("run", $"run the conformance checks. {DeepthoughtCommandLine.ExitCodes}")
        {
            _phase, _check, _target, _mode, _profile, _scenario, _reports, _kubeconfig, _talosconfig, _talosEndpoints, _previous, _failOnNew, _dryRun,
        };
    }

    public Command Command { get; }

    /// <summary>The options of a parse of <see cref="Command"/>.</summary>
    public RunOptions Read(ParseResult parse, string currentDirectory)
    {
        string Full(string p) => Path.GetFullPath(Path.Combine(currentDirectory, p));
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(Option<string> option, string name, bool path = false)
        {
            if (parse.GetValue(option) is { } value)
            {
                overrides[name] = path ? Full(value) : value;
            }
        }

        Set(_target, RunSettingNames.Target);
        Set(_mode, RunSettingNames.Mode);
        Set(_profile, RunSettingNames.Profile, path: true);
        Set(_scenario, RunSettingNames.Scenario);
        Set(_reports, RunSettingNames.Reports, path: true);
        Set(_kubeconfig, RunSettingNames.Kubeconfig, path: true);
        Set(_talosconfig, RunSettingNames.Talosconfig, path: true);
        Set(_talosEndpoints, RunSettingNames.TalosEndpoints);
        return new RunOptions
        {
            Overrides = overrides,
            Phases = (parse.GetValue(_phase) ?? []).SelectMany(RunOptions.List).Select(RunOptions.ParsePhase).Distinct().Order().ToList(),
            Checks = (parse.GetValue(_check) ?? []).SelectMany(RunOptions.List).Distinct(StringComparer.Ordinal).ToList(),
            Previous = parse.GetValue(_previous) is { } previous ? Full(previous) : null,
            DryRun = parse.GetValue(_dryRun),
            FailOnNewFailures = parse.GetValue(_failOnNew),
            Help = DeepthoughtCommandLine.IsHelp(parse),
        };
    }
}
