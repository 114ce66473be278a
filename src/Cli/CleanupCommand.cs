using System.CommandLine;
using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Acceptance;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;
using k8s;

namespace Deepthought.Cli;

/// <summary>
/// deepthought cleanup: removes everything labelled as the harness's (app.kubernetes.io/managed-by=deepthought-conformance)
/// from the cluster of KUBECONFIG (context DEEPTHOUGHT_KUBE_CONTEXT, or --kubeconfig/--context) — what an earlier
/// acceptance run killed before its own cleanup left behind. Exit 0 when nothing is left, 1 otherwise (naming what
/// and the kubectl command that removes it), 2 for a configuration error.
/// </summary>
public static class CleanupCommand
{
    /// <summary>The <c>cleanup</c> command: <c>--kubeconfig</c> and <c>--context</c> (defaults KUBECONFIG, DEEPTHOUGHT_KUBE_CONTEXT).</summary>
    public static Command Command()
    {
        var (command, kubeconfig, context) = Symbols();
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(kubeconfig), parse.GetValue(context), Console.Out, Environment.GetEnvironmentVariable, ct));
        return command;
    }

    /// <summary>The command with its world passed in; a wrong option is a <see cref="ConfigurationException"/> naming it.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, Func<string, string?> getenv, CancellationToken cancellationToken)
    {
        var (command, kubeconfig, context) = Symbols();
        var parse = DeepthoughtCommandLine.ParseOrThrow(command, args, "deepthought cleanup");

        if (DeepthoughtCommandLine.IsHelp(parse))
        {
            DeepthoughtCommandLine.WriteHelp("cleanup", output);
            return Task.FromResult(0);
        }

        return RunAsync(parse.GetValue(kubeconfig), parse.GetValue(context), output, getenv, cancellationToken);
    }

    private static (Command Command, Option<string> Kubeconfig, Option<string> Context) Symbols()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "the cluster's kubeconfig (default KUBECONFIG)", HelpName = "file" };
        var context = new Option<string>("--context") { Description = "the kubeconfig context (default DEEPTHOUGHT_KUBE_CONTEXT, else the current one)", HelpName = "name" };
        var command = new Command(
            "cleanup",
            "remove every pod, service account, namespace and Linkerd policy object labelled app.kubernetes.io/managed-by=deepthought-conformance " +
            "(left by an interrupted acceptance run); needs the rights of profiles/rbac/acceptance.yaml. Exit 0 when nothing is left, 1 otherwise")
        {
            kubeconfig, context,
        };
        return (command, kubeconfig, context);
    }

    private static async Task<int> RunAsync(string? kubeconfigOption, string? contextOption, TextWriter output, Func<string, string?> getenv, CancellationToken cancellationToken)
    {
        var kubeconfig = kubeconfigOption ?? (getenv(RunSettingNames.Kubeconfig) is { Length: > 0 } k ? k : null);
        var context = contextOption ?? (getenv(RunSettingNames.KubeContext) is { Length: > 0 } c ? c : null);
        if (kubeconfig is null)
        {
            throw new ConfigurationException("deepthought cleanup: no kubeconfig — set KUBECONFIG or pass --kubeconfig <file>");
        }

        var session = AttachTarget.Connect(kubeconfig, context, null, null, "attach");
        await using (session)
        {
            var connections = session.Connections;
            using var kubernetes = new Kubernetes(connections.KubernetesConfiguration);
            var client = new KubernetesObjectClient(kubernetes, connections.RequestTimeout, (path, ct) => MeshProbes.ProxyGetAsync(connections, path, ct));
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(TimeSpan.FromSeconds(120));
            var report = await LeftoverSweep.RunAsync(client, budget.Token);
            output.WriteLine(report.Removed.Count == 0 ? "cleanup: nothing labelled as the harness's was found" : $"cleanup: removed {string.Join(", ", report.Removed)}");
            foreach (var error in report.Errors)
            {
                output.WriteLine($"cleanup: {error}");
            }

            if (!report.Clean)
            {
                output.WriteLine($"cleanup: left {(report.Left.Count == 0 ? "unknown (a kind could not be listed)" : string.Join(", ", report.Left))}; remove with: {LeftoverSweep.KubectlDelete}");
                return 1;
            }

            return 0;
        }
    }
}
