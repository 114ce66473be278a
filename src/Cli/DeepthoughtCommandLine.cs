using System.CommandLine;
using System.CommandLine.Help;
using Deepthought.Checks.Model;
using Deepthought.Protocols;

namespace Deepthought.Cli;

/// <summary>
/// The <c>deepthought</c> command line, parsed by System.CommandLine: it writes the help, and a parse error (unknown
/// command or option, a missing value) is one line naming it and exit code 2. Settings the parser cannot judge (a
/// profile, a scenario, a mode) are judged by the commands and reported the same way.
/// </summary>
public static class DeepthoughtCommandLine
{
    public const int ConfigurationError = 2;

    public const string ExitCodes = "exit codes: 0 all passed (warnings pass), 1 a check failed or was blocked, 2 configuration error, 130 interrupted (Ctrl-C, SIGTERM)";

    /// <summary>The root command with <c>twin</c>, <c>run</c>, <c>cleanup</c> and <c>catalog</c>.</summary>
    public static RootCommand Build(string currentDirectory, string baseDirectory)
    {
        var root = new RootCommand($"Deepthought conformance: checks a Talos/etcd/Rook-Ceph/Linkerd/Contour cluster, or its embedded twin. {ExitCodes}");
        root.Subcommands.Add(TwinCommand.Command(currentDirectory, baseDirectory));
        root.Subcommands.Add(RunCommand.Command(currentDirectory, baseDirectory));
        root.Subcommands.Add(CleanupCommand.Command());
        root.Subcommands.Add(CatalogCommand.Command());
        return root;
    }

    /// <summary>Parses and runs; errors go to <paramref name="error"/> as one line each, never a stack trace.</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, string currentDirectory, string baseDirectory)
    {
        var parse = Build(currentDirectory, baseDirectory).Parse(args.ToArray());
        if (ParseError(parse) is { } message)
        {
            error.WriteLine($"deepthought: {message}");
            return ConfigurationError;
        }

        try
        {
            // The commands handle Ctrl-C and SIGTERM themselves (a run still writes its reports and cleans up).
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (ConfigurationException e)
        {
            error.WriteLine($"deepthought: {e.Message}");
            return ConfigurationError;
        }
    }

    /// <summary>The parser's complaint as one line naming the command's help, or null when the line parsed.</summary>
    public static string? ParseError(ParseResult parse)
    {
        if (parse.Errors.Count == 0)
        {
            return null;
        }

        var path = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (r.Command is not RootCommand)
            {
                path.Insert(0, r.Command.Name);
            }
        }

        var where = path.Count == 0 ? "deepthought --help" : $"deepthought {string.Join(' ', path)} --help";
        var messages = parse.Errors.Select(e => string.Join(", ", e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.')).ToList();
        if (messages.Count > 1)
        {
            // "explode": the unknown word says more than "Required command was not provided".
            messages.RemoveAll(m => m.StartsWith("Required command", StringComparison.Ordinal));
        }

        return $"{string.Join("; ", messages)} (see {where})";
    }

    /// <summary>Parses one command's arguments on their own (the tests' entry points); a parse error is a <see cref="ConfigurationException"/> led by <paramref name="prefix"/>.</summary>
    public static ParseResult ParseOrThrow(Command command, IReadOnlyList<string> args, string prefix)
    {
        var parse = command.Parse(args.ToArray());
        return ParseError(parse) is { } error ? throw new ConfigurationException($"{prefix}: {error}") : parse;
    }

    /// <summary>Writes a command's help (System.CommandLine's own), e.g. of <c>run</c>, to <paramref name="output"/>.</summary>
    public static void WriteHelp(string command, TextWriter output) =>
        Build("", "").Parse([command, "--help"]).Invoke(new InvocationConfiguration { Output = output, EnableDefaultExceptionHandler = false });

    /// <summary>Whether the parse asks for help (<c>-h</c>, <c>--help</c>, <c>-?</c>).</summary>
    public static bool IsHelp(ParseResult parse) => parse.Action is HelpAction;
}
