namespace Deepthought.Cli;

/// <summary><c>deepthought catalog</c>: the checks and twin scenarios.</summary>
public static class CatalogCommand
{
    public static int Run(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("deepthought catalog: not yet available");
        return 2;
    }
}
