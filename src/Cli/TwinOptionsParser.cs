using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;

namespace Deepthought.Cli;

/// <summary>The options of <c>deepthought twin</c>.</summary>
public sealed record TwinCommandOptions(string ProfilePath, string Scenario)
{
    /// <summary>Parses <c>--profile</c> and <c>--scenario</c>; anything else is a configuration error.</summary>
    public static TwinCommandOptions Parse(IReadOnlyList<string> args, string currentDirectory, string baseDirectory)
    {
        string? profile = null;
        var scenario = "";
        for (var i = 0; i < args.Count; i++)
        {
            var (key, inline) = args[i].Split('=', 2) is [var k, var v] && k.StartsWith("--", StringComparison.Ordinal) ? (k, v) : (args[i], null);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ConfigurationException($"twin: option {key} needs a value"));
            switch (key)
            {
                case "--profile":
                    profile = Path.GetFullPath(Value(), currentDirectory);
                    break;
                case "--scenario":
                    scenario = Value();
                    break;
                default:
                    throw new ConfigurationException($"twin: unknown option '{args[i]}'; allowed: --profile <file>, --scenario <a,b>");
            }
        }

        if (profile is null)
        {
            var root = RepositoryRoot.Find(baseDirectory) ?? RepositoryRoot.Find(currentDirectory)
                ?? throw new ConfigurationException("twin: no --profile given and no repository (Deepthought.Conformance.sln) above this folder — pass --profile <file>");
            profile = Path.Combine(root, "profiles", "deepthought.yaml");
        }

        return new TwinCommandOptions(profile, scenario);
    }
}
