using System.Collections.Concurrent;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
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
            Say(e is ConfigurationException ? $"configuration error: {e.Message}" : $"the target could not start: {e.GetType().Name}: {e.Message}");
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
                ReportDirectory = _run.WriteReports(_reported.Values);
                var results = _reported.Values.ToList();
                Say($"{results.Count(r => r.Outcome == Outcome.Pass)} passed, {results.Count(r => r.Outcome == Outcome.Warn)} warned, {results.Count(r => r.Outcome == Outcome.Fail)} failed, {results.Count(r => r.Outcome is Outcome.Skip or Outcome.Blocked)} skipped or blocked — reports: {ReportDirectory}");
            }
        }
        finally
        {
            await _run.DisposeAsync();
        }
    }

    private void Say(string line) => _sink.OnMessage(new DiagnosticMessage(line));
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Deepthought cluster";
}
