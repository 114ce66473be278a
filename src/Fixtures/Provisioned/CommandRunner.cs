using CliWrap;
using CliWrap.Buffered;

namespace Deepthought.Fixtures.Provisioned;

/// <summary>What a program printed and how it ended.</summary>
public sealed record CommandOutcome(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs programs (kind, kubectl, helm, docker); the tests replace it with a recording fake.</summary>
public interface ICommandRunner
{
    Task<CommandOutcome> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>CliWrap, with a timeout per call and no validation (the exit code is judged by the caller).</summary>
public sealed class CliCommandRunner : ICommandRunner
{
    public async Task<CommandOutcome> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var result = await Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cts.Token);
            return new CommandOutcome(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CommandOutcome(-1, "", $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CommandOutcome(-1, "", $"could not start {program}: {e.Message}");
        }
    }
}
