using Deepthought.Cli;

// deepthought <command>: twin (start the embedded Deepthought), run (the conformance run), catalog (list checks).
// The parser (System.CommandLine) prints the help; configuration errors print one line and exit 2; nothing prints a
// stack trace.
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
    // DEEPTHOUGHT_PRINT_ASSEMBLIES=1: the assemblies this process loaded, one per line on stderr, for the layering
    // test (an attach run loads no twin code) and for anyone asking what a run pulls in.
    if (Environment.GetEnvironmentVariable("DEEPTHOUGHT_PRINT_ASSEMBLIES") == "1")
    {
        foreach (var name in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"loaded-assembly: {name}");
        }
    }
}
