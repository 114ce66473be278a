using Deepthought.Checks.Model;
using Deepthought.Cli;

// deepthought <command>: twin (start the embedded Deepthought), run (the conformance run), catalog (list checks).
// Configuration errors print one line and exit 2; nothing prints a stack trace.
try
{
    return args.Length == 0 ? Usage.Print(2) : args[0] switch
    {
        "twin" => await TwinCommand.RunAsync(args[1..]),
        "run" => await RunCommand.RunAsync(args[1..]),
        "cleanup" => await CleanupCommand.RunAsync(args[1..], Console.Out, Environment.GetEnvironmentVariable, CancellationToken.None),
        "catalog" => CatalogCommand.Run(args[1..]),
        "help" or "--help" or "-h" => Usage.Print(0),
        _ => throw new ConfigurationException($"unknown command '{args[0]}'; commands: twin, run, cleanup, catalog (deepthought --help)"),
    };
}
catch (ConfigurationException e)
{
    Console.Error.WriteLine($"deepthought: {e.Message}");
    return 2;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"deepthought: {e.GetType().Name}: {e.Message}");
    return 1;
}
