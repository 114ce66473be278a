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
