using System.CommandLine;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Protocols;

namespace Deepthought.Cli;

/// <summary>The options of <c>deepthought twin</c>.</summary>
public sealed record TwinCommandOptions(string ProfilePath, string Scenario)
{
    /// <summary>Parses <c>--profile</c> and <c>--scenario</c>; anything else is a configuration error naming it.</summary>
    public static TwinCommandOptions Parse(IReadOnlyList<string> args, string currentDirectory, string baseDirectory)
    {
        var line = new TwinCommandLine();
        return line.Read(DeepthoughtCommandLine.ParseOrThrow(line.Command, args, "twin"), currentDirectory, baseDirectory);
    }
}

/// <summary>The options of <c>deepthought twin</c> as System.CommandLine symbols.</summary>
public sealed class TwinCommandLine
{
    private readonly Option<string> _profile = new("--profile") { Description = "profile to realize (default: profiles/deepthought.yaml in the repository)", HelpName = "file" };
    private readonly Option<string> _scenario = new("--scenario") { Description = "twin fault scenarios (default: none, a healthy twin; see `deepthought catalog`)", HelpName = "a,b" };

    public TwinCommandLine()
    {
        Command = new Command("twin", "start the embedded Deepthought twin and print its kubeconfig (and talosconfig); Ctrl-C or the end of standard input stops it")
        {
            _profile, _scenario,
        };
    }

    public Command Command { get; }

    public TwinCommandOptions Read(ParseResult parse, string currentDirectory, string baseDirectory)
    {
        var profile = parse.GetValue(_profile) is { } p ? Path.GetFullPath(p, currentDirectory) : null;
        if (profile is null)
        {
            var root = RepositoryRoot.Find(baseDirectory) ?? RepositoryRoot.Find(currentDirectory)
                ?? throw new ConfigurationException("twin: no --profile given and no repository (Deepthought.Conformance.sln) above this folder — pass --profile <file>");
            profile = Path.Combine(root, "profiles", "deepthought.yaml");
        }

        return new TwinCommandOptions(profile, parse.GetValue(_scenario) ?? "");
    }
}
