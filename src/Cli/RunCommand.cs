using System.CommandLine;
using System.Text;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Acceptance;
using Deepthought.Fixtures.Reports;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;

namespace Deepthought.Cli;

/// <summary>
/// `deepthought run`: the conformance engine without the test runner — the same <see cref="ConformanceRun"/> as the
/// xunit suite, one console line per check, one per phase, a summary with the report path, and the runner's exit codes.
/// </summary>
public static class RunCommand
{
    public const int Passed = 0;
    public const int ChecksFailed = 1;
    public const int ConfigurationError = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it): the checks that did not run are not a pass.</summary>
    public const int Interrupted = 130;

    /// <summary>The <c>run</c> command: its options (System.CommandLine) and the action that runs it on the console.</summary>
    public static Command Command(string currentDirectory, string baseDirectory)
    {
        var line = new RunCommandLine();
        line.Command.SetAction(async (parse, _) =>
        {
            Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            var console = new RunConsole(Console.Out, Console.Error);
            RunOptions options;
            try
            {
                options = line.Read(parse, currentDirectory);
            }
            catch (ConfigurationException e)
            {
                return ConfigurationFailed(console, e.Message, null);
            }

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                // First Ctrl+C: let the run stop its checks and still write the reports; a second one ends the process.
                e.Cancel = !cancel.IsCancellationRequested;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            // SIGTERM (kill, a CI runner stopping the job) ends the run the same way: checks stop, cleanup still runs.
            using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = !cancel.IsCancellationRequested;
                cancel.Cancel();
            });
            try
            {
                return await RunAsync(options, console, Environment.GetEnvironmentVariable, baseDirectory, cancel.Token);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                console.Error.WriteLine($"interrupted: stopped while the target was starting, before any check ran (exit {Interrupted})");
                return Interrupted;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return line.Command;
    }

    /// <summary>The command with its world passed in (tests give their own environment, folders and writers).</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        RunConsole console,
        Func<string, string?> getenv,
        string currentDirectory,
        string? baseDirectory,
        CancellationToken cancellationToken)
    {
        args = args is ["run", ..] ? args.Skip(1).ToList() : args;
        RunOptions options;
        try
        {
            options = RunOptions.Parse(args, currentDirectory);
        }
        catch (ConfigurationException e)
        {
            return ConfigurationFailed(console, e.Message, null);
        }

        return await RunAsync(options, console, getenv, baseDirectory, cancellationToken);
    }

    private static async Task<int> RunAsync(RunOptions options, RunConsole console, Func<string, string?> getenv, string? baseDirectory, CancellationToken cancellationToken)
    {
        RunSettings settings;
        IReadOnlyList<ICheck> selected;
        try
        {
            if (options.Help)
            {
                DeepthoughtCommandLine.WriteHelp("run", console.Out);
                return Passed;
            }

            settings = RunSettings.FromOverrides(options.Overrides, getenv, baseDirectory);
            selected = options.Select(CheckCatalog.All);
            if (options.DryRun)
            {
                DryRun(console.Out, settings, selected);
                return Passed;
            }
        }
        catch (ConfigurationException e)
        {
            return ConfigurationFailed(console, e.Message, null);
        }

        ConformanceRun run;
        try
        {
            run = await ConformanceRun.StartAsync(settings, cancellationToken: cancellationToken);
        }
        catch (ConfigurationException e)
        {
            return ConfigurationFailed(console, e.Message, settings.ReportsDirectory);
        }
        catch (TargetStartException e)
        {
            // The configuration is right but the target did not come up (a provisioning step, a download): the run failed.
            console.Error.WriteLine($"the target could not start: {e.Message}");
            return ChecksFailed;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            console.Error.WriteLine($"the target could not start: {e.GetType().Name}: {e.Message}");
            return ChecksFailed;
        }

        var actions = run.Session.Connections.Extras.TryGetValue(typeof(Checks.Policy.IAcceptanceActions), out var a) ? a as AcceptanceActions : null;
        int code;
        await using (run)
        {
            using var link = cancellationToken.Register(run.Cancel);
            code = await ExecuteAsync(run, options, selected, console);
            if (actions is not null && !actions.Ledger.IsEmpty)
            {
                // Interrupted (or a check never reached policy.no-leftovers): undo now, on the ledger's own budget, not the
                // cancelled token, and say what happened.
                console.Out.WriteLine($"cleanup: the run stopped before policy.no-leftovers; undoing what it changed ({string.Join(", ", actions.Ledger.Entries.Select(e => e.Description))})");
                await actions.CleanupAsync(CancellationToken.None);
            }
        }

        if (actions?.LastCleanup is { } cleanup)
        {
            var failed = cleanup.Steps.Where(s => !s.Succeeded && !s.RecoveredOnRetry).ToList();
            if (failed.Count > 0 || cleanup.Leftovers.Count > 0 || cleanup.LeakCheckErrors.Count > 0)
            {
                foreach (var f in failed)
                {
                    console.Error.WriteLine($"cleanup: not done: {f.Description}: {f.Error}");
                }

                console.Error.WriteLine($"cleanup: left {(cleanup.Leftovers.Count == 0 ? "unknown (the leak check could not list every kind)" : string.Join(", ", cleanup.Leftovers))}; remove with: deepthought cleanup, or {LeftoverSweep.KubectlDelete}");
                return ChecksFailed;
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"interrupted: the run was stopped before all its checks ran (exit {Interrupted}); the reports show what ran");
            return Interrupted;
        }

        return code;
    }

    private static async Task<int> ExecuteAsync(ConformanceRun run, RunOptions options, IReadOnlyList<ICheck> selected, RunConsole console)
    {
        var s = run.Settings;
        console.Out.WriteLine($"Deepthought conformance: target {run.Session.Name}, mode {Lower(s.Mode)}, profile {run.Profile.Name} ({s.ProfilePath}), scenario {(s.Scenario.Length == 0 ? "none" : s.Scenario)}");
        foreach (var notice in run.Session.Notices)
        {
            console.Out.WriteLine($"notice: {notice}");
        }

        var all = new List<CheckResult>();
        foreach (var phase in selected.GroupBy(c => c.Phase).OrderBy(g => g.Key))
        {
            console.Out.WriteLine();
            console.Out.WriteLine($"{phase.Key}");
            console.Out.WriteLine(new string('-', phase.Key.ToString().Length));
            var results = await run.RunChecksAsync(phase.Select(c => c.Id));
            foreach (var r in results)
            {
                console.Out.WriteLine(ConsoleProgress.Format(r));
            }

            console.Out.WriteLine(ConsoleProgress.FormatPhase(phase.Key, results));
            all.AddRange(results);
        }

        var written = await run.WriteReportsAsync(all, options.Previous, CancellationToken.None);
        console.Out.WriteLine();
        console.Out.WriteLine(DescribeChanges(written.Changes));
        console.Out.WriteLine(ConsoleProgress.FormatSummary(all, written.Folder));
        return ExitCode(written.Document, written.Changes, options.FailOnNewFailures);
    }

    /// <summary>
    /// 0 when nothing failed (warnings pass); 1 when a check failed or was blocked — or, with --fail-on-new-failures, only
    /// when a failure is new since the previous run (with no previous run, every failure is new).
    /// </summary>
    public static int ExitCode(ResultsDocument document, RunChanges? changes, bool failOnNewFailures)
    {
        if (!failOnNewFailures)
        {
            return document.Summary.Verdict == "fail" ? ChecksFailed : Passed;
        }

        var newFailures = changes?.NewFailures.Count ?? document.Checks.Count(c => RunComparison.IsFailing(c.Verdict));
        return newFailures > 0 ? ChecksFailed : Passed;
    }

    private static string DescribeChanges(RunChanges? changes) => changes is null
        ? "changes: no previous run of this target and profile to compare with"
        : $"changes since {changes.PreviousRun}: {changes.NewFailures.Count} new failures{Ids(changes.NewFailures)}, {changes.Fixed.Count} fixed{Ids(changes.Fixed)}, {changes.Observations.Count} changed observations";

    private static string Ids(IReadOnlyList<VerdictChange> changes) =>
        changes.Count == 0 ? "" : $" ({string.Join(", ", changes.Select(c => c.Id))})";

    private static int ConfigurationFailed(RunConsole console, string message, string? reportsDirectory)
    {
        console.Error.WriteLine($"configuration error: {message}");
        if (reportsDirectory is not null)
        {
            ReportWriter.WriteConfigurationError(reportsDirectory, message);
        }

        return ConfigurationError;
    }

    private static void DryRun(TextWriter output, RunSettings s, IReadOnlyList<ICheck> selected)
    {
        // Validates what can be validated without touching a cluster: the profile and the scenario names.
        var profile = ProfileLoader.Load(s.ProfilePath);
        var scenarios = s.Target == TargetKind.Twin ? TwinTargets.Factory.DescribeScenarios(s.Scenario) : "none (not the twin)";
        output.WriteLine($"dry run: target {Lower(s.Target)}, mode {Lower(s.Mode)}, profile {profile.Name} ({s.ProfilePath}), scenario {scenarios}, reports {s.ReportsDirectory}");
        var ids = selected.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var phase in selected.GroupBy(c => c.Phase).OrderBy(g => g.Key))
        {
            output.WriteLine($"{phase.Key}: {phase.Count()} checks");
            foreach (var c in phase)
            {
                var notes = new List<string>();
                if (!c.Modes.Contains(s.Mode))
                {
                    notes.Add($"skipped in {Lower(s.Mode)} mode");
                }

                var outside = c.DependsOn.Where(d => !ids.Contains(d)).ToList();
                if (outside.Count > 0)
                {
                    notes.Add($"also evaluates {string.Join(", ", outside)}");
                }

                output.WriteLine($"  {c.Id}  {c.Title}{(notes.Count > 0 ? $"  [{string.Join("; ", notes)}]" : "")}");
            }
        }

        output.WriteLine($"{selected.Count} checks would run; nothing was started.");
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}

/// <summary>Where the command writes: lines for people on Out, errors on Error.</summary>
public sealed record RunConsole(TextWriter Out, TextWriter Error);
