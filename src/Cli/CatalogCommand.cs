using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;

namespace Deepthought.Cli;

/// <summary>
/// `deepthought catalog [--json] [--phase X]`: every check (id, phase, severity, claim, hint) with the twin scenarios
/// that make it fail, cross-checked against the scenarios the twin declares; unknown names are flagged.
/// </summary>
public static class CatalogCommand
{
    /// <summary>The <c>catalog</c> command: <c>--json</c> and <c>--phase</c>.</summary>
    public static Command Command()
    {
        var (command, json, phase) = Symbols();
        command.SetAction(parse =>
        {
            Console.OutputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            return Run(parse.GetValue(json), parse.GetValue(phase) is { } p ? RunOptions.ParsePhase(p) : null, Console.Out, Console.Error);
        });
        return command;
    }

    /// <summary>The command with its writers passed in; a wrong option is one line on stderr and exit code 2.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        args = args is ["catalog", ..] ? args.Skip(1).ToList() : args;
        var (command, json, phase) = Symbols();
        var parse = command.Parse(args.ToArray());
        if (DeepthoughtCommandLine.ParseError(parse) is { } error)
        {
            stderr.WriteLine($"configuration error: deepthought catalog: {error}");
            return DeepthoughtCommandLine.ConfigurationError;
        }

        Phase? only;
        try
        {
            only = parse.GetValue(phase) is { } p ? RunOptions.ParsePhase(p) : null;
        }
        catch (ConfigurationException e)
        {
            stderr.WriteLine($"configuration error: deepthought catalog: {e.Message}");
            return DeepthoughtCommandLine.ConfigurationError;
        }

        return Run(parse.GetValue(json), only, stdout, stderr);
    }

    private static (Command Command, Option<bool> Json, Option<string> Phase) Symbols()
    {
        var json = new Option<bool>("--json") { Description = "print JSON: the checks and the twin scenarios" };
        var phase = new Option<string>("--phase") { Description = "only this phase's checks: " + string.Join(", ", Enum.GetNames<Phase>()), HelpName = "name" };
        return (new Command("catalog", "list the checks (id, phase, severity, claim, hint) with the twin scenarios that make each fail") { json, phase }, json, phase);
    }

    private static int Run(bool json, Phase? phase, TextWriter stdout, TextWriter stderr)
    {
        var entries = Entries(CheckCatalog.All, TwinTargets.Factory.Scenarios).Where(e => phase is null || e.Phase == phase.ToString()).ToList();
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { checks = entries, scenarios = TwinTargets.Factory.Scenarios }, JsonOptions));
        }
        else
        {
            WriteTable(stdout, entries);
        }

        foreach (var e in entries)
        {
            if (e.FailingScenarios.Count == 0)
            {
                stderr.WriteLine($"warning: {e.Id} names no failing scenario (ICheck.FailingScenarios): nothing proves it can fail");
            }

            foreach (var s in e.FailingScenarios.Where(s => !s.Known))
            {
                stderr.WriteLine($"warning: {e.Id} names scenario '{s.Name}', which no twin component declares ([TwinScenario] in src/Twin)");
            }
        }

        return 0;
    }

    /// <summary>The catalog entries: each check with its failing scenarios resolved against the twin's scenario list.</summary>
    public static IReadOnlyList<CatalogEntry> Entries(IReadOnlyList<ICheck> checks, IReadOnlyList<ScenarioInfo> scenarios) =>
        checks.Select(c => new CatalogEntry(
            c.Id,
            c.Phase.ToString(),
            c.Severity.ToString().ToLowerInvariant(),
            c.Fatal,
            c.Title,
            c.Hint,
            c.DependsOn,
            c.Modes.Select(m => m.ToString().ToLowerInvariant()).ToList(),
            c.FailingScenarios.Select(n => scenarios.FirstOrDefault(s => s.Name == n) is { } s
                ? new CatalogScenario(n, true, s.Description, s.NeedsRealBackend)
                : new CatalogScenario(n, false, null, false)).ToList())).ToList();

    private static void WriteTable(TextWriter output, IReadOnlyList<CatalogEntry> entries)
    {
        string Scenarios(CatalogEntry e) => e.FailingScenarios.Count == 0 ? "(none)" : string.Join(",", e.FailingScenarios.Select(s => s.Known ? s.Name : s.Name + "?"));
        string[] header = ["ID", "PHASE", "SEVERITY", "TITLE", "FAILING SCENARIOS", "HINT"];
        var rows = entries.Select(e => new[] { e.Id, e.Phase, e.Severity + (e.Fatal ? " (fatal)" : ""), e.Title, Scenarios(e), e.Hint }).ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i < widths.Length ? cell.PadRight(widths[i]) : cell)).TrimEnd());
        }

        output.WriteLine($"{entries.Count} checks; '?' marks a scenario no twin component declares.");
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>One row of the catalog.</summary>
public sealed record CatalogEntry(
    string Id,
    string Phase,
    string Severity,
    bool Fatal,
    string Title,
    string Hint,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> Modes,
    IReadOnlyList<CatalogScenario> FailingScenarios);

/// <summary>A failing scenario named by a check, and whether the twin declares it.</summary>
public sealed record CatalogScenario(string Name, bool Known, string? Description, bool NeedsRealBackend);
