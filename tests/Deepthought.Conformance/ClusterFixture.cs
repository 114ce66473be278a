using System.Collections.Concurrent;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Reports;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Deepthought.Conformance;

/// <summary>
/// The ordered cluster fixture: starts (or attaches to) the target once for the whole suite, evaluates checks on
/// demand (with their dependencies), prints one line per check, and writes the reports when the suite ends.
/// A start-up failure is captured and rethrown in every test, so each shows the real cause (testcontainers' way).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly IMessageSink _sink;
    private readonly ConcurrentDictionary<string, CheckResult> _reported = new();
    private ConformanceRun? _run;
    private Exception? _startFailure;
    private Phase? _phase;

    public ClusterFixture(IMessageSink sink)
    {
        _sink = sink;
    }

    public string? ReportDirectory { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            var settings = RunSettings.FromEnvironment();
            _run = await ConformanceRun.StartAsync(settings);
            Say($"Deepthought conformance: target {_run.Session.Name}, mode {settings.Mode.ToString().ToLowerInvariant()}, profile {_run.Profile.Name} ({settings.ProfilePath}), scenario {(settings.Scenario.Length == 0 ? "none" : settings.Scenario)}");
            foreach (var notice in _run.Session.Notices)
            {
                Say($"notice: {notice}");
            }
        }
        catch (Exception e)
        {
            _startFailure = e;
            Say(e switch
            {
                ConfigurationException => $"configuration error: {e.Message}",
                TargetStartException => $"the target could not start: {e.Message}",
                _ => $"the target could not start: {e.GetType().Name}: {e.Message}",
            });
            if (e is ConfigurationException)
            {
                // run.ps1 reads this marker to exit with code 2 (the contract for a wrong configuration).
                Say($"written: {ReportWriter.WriteConfigurationError(RunSettings.ReportsDirectoryOrDefault(), e.Message)}");
            }
        }
    }

    /// <summary>The verdict of a check (evaluated once; dependencies first). Rethrows a start-up failure.</summary>
    public async Task<CheckResult> VerdictAsync(string checkId)
    {
        if (_startFailure is not null)
        {
            throw _startFailure is ConfigurationException
                ? new XunitException($"configuration error: {_startFailure.Message}")
                : new XunitException($"the target could not start: {_startFailure.Message}");
        }

        var result = await _run!.EvaluateAsync(checkId);
        if (_reported.TryAdd(checkId, result))
        {
            // Tests run in seed order, so a check of a later phase closes the previous phase.
            if (_phase is { } previous && previous != result.Phase)
            {
                SayPhase(previous);
            }

            _phase = result.Phase;
            Say(ConsoleProgress.Format(result));
        }

        return result;
    }

    public async Task DisposeAsync()
    {
        if (_run is null)
        {
            return;
        }

        try
        {
            if (!_reported.IsEmpty)
            {
                if (_phase is { } last)
                {
                    SayPhase(last);
                }

                var written = await _run.WriteReportsAsync(_reported.Values);
                ReportDirectory = written.Folder;
                Say(ConsoleProgress.FormatSummary(_reported.Values.ToList(), ReportDirectory));
            }
        }
        finally
        {
            await _run.DisposeAsync();
        }
    }

    private void SayPhase(Phase phase) => Say(ConsoleProgress.FormatPhase(phase, _reported.Values.Where(r => r.Phase == phase).ToList()));

    private void Say(string line) => _sink.OnMessage(new DiagnosticMessage(line));
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Deepthought cluster";
}
