// TEMPORARY entry point (branch reports) so the CLI builds; the real Program.cs comes from branch k8s and replaces
// this file. It dispatches the same way: `run` → RunCommand.RunAsync, `catalog` → CatalogCommand.Run.
using Deepthought.Cli;

return args switch
{
    ["run", ..] => await RunCommand.RunAsync(args[1..]),
    ["catalog", ..] => CatalogCommand.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: deepthought run [options] | deepthought catalog [--json]   (deepthought run --help for the options)");
    return 2;
}
