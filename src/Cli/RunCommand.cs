namespace Deepthought.Cli;

/// <summary><c>deepthought run</c>: the conformance run from the command line.</summary>
public static class RunCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("deepthought run: not yet available");
        return Task.FromResult(2);
    }
}
