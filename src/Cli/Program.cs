using Deepthought.Cli;

// deepthought <command>: twin (start the embedded Deepthought), run (the conformance run), catalog (list checks).
// The parser (System.CommandLine) prints the help; configuration errors print one line and exit 2; nothing prints a
// stack trace. DEEPTHOUGHT_PRINT_ASSEMBLIES=1 prints the loaded assemblies' simple names to stderr at exit, one a line
// as "loaded-assembly: <name>" (tests prove with it what a command does not load, e.g. no kubectl module in a run).
try
{
    return await DeepthoughtCommandLine.InvokeAsync(args, Console.Out, Console.Error, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"deepthought: {e.GetType().Name}: {e.Message}");
    return 1;
}
finally
{
    if (Environment.GetEnvironmentVariable("DEEPTHOUGHT_PRINT_ASSEMBLIES") == "1")
    {
        foreach (var name in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"loaded-assembly: {name}");
        }
    }
}
