using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Deepthought.Fixtures.Runs;

namespace Deepthought.Tests.Runner;

/// <summary>What a run of run.ps1 said and how it ended.</summary>
internal sealed record RunPs1Result(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)
{
    public string Text => string.Join("\n", Output);
}

/// <summary>
/// Runs the repository's run.ps1 in a hosted PowerShell engine (System.Management.Automation; pwsh itself is not
/// installed here): the script file by path, with its parameters, and its exit code from $LASTEXITCODE.
/// </summary>
internal static class RunPs1Host
{
    public static string Script =>
        Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found"), "run.ps1");

    public static RunPs1Result Run(IReadOnlyDictionary<string, object> parameters, TimeSpan timeout)
    {
        var state = InitialSessionState.CreateDefault2();
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        using var ps = PowerShell.Create(runspace);
        ps.AddCommand(Script);
        foreach (var (name, value) in parameters)
        {
            if (value is bool b)
            {
                ps.AddParameter(name, new SwitchParameter(b));
            }
            else
            {
                ps.AddParameter(name, value);
            }
        }

        var pending = ps.BeginInvoke();
        if (!pending.AsyncWaitHandle.WaitOne(timeout))
        {
            ps.Stop();
            throw new TimeoutException($"run.ps1 did not finish within {timeout.TotalSeconds:0} s");
        }

        var output = ps.EndInvoke(pending).Select(o => o?.ToString() ?? "").ToList();
        var errors = ps.Streams.Error.Select(e => e.ToString()).ToList();
        var code = runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int c ? c : -1;
        return new RunPs1Result(code, output, errors);
    }
}
