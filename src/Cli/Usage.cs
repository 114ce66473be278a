namespace Deepthought.Cli;

/// <summary>The command-line help.</summary>
public static class Usage
{
    public const string Text = """
        usage: deepthought <command> [options]

        commands:
          twin      start the embedded Deepthought twin and print its kubeconfig (and talosconfig)
                      --profile <file>     profile to realize (default: profiles/deepthought.yaml in the repository)
                      --scenario <a,b>     twin fault scenarios (default: none, a healthy twin)
          run       run the conformance checks (see deepthought run --help)
          cleanup   remove everything an interrupted acceptance run left (labelled app.kubernetes.io/managed-by=deepthought-conformance)
          catalog   list the checks and twin scenarios
        """;

    public static int Print(int exitCode)
    {
        (exitCode == 0 ? Console.Out : Console.Error).WriteLine(Text);
        return exitCode;
    }
}
