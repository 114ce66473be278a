using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Acceptance;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
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
    public const string Help = """
        usage: deepthought cleanup [--kubeconfig <file>] [--context <name>]

        Removes every pod, service account, namespace and Linkerd policy object labelled
        app.kubernetes.io/managed-by=deepthought-conformance (left by an interrupted acceptance run).
        Defaults: KUBECONFIG, DEEPTHOUGHT_KUBE_CONTEXT. Needs the rights of profiles/rbac/acceptance.yaml.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, Func<string, string?> getenv, CancellationToken cancellationToken)
    {
        string? kubeconfig = getenv(RunSettingNames.Kubeconfig) is { Length: > 0 } k ? k : null;
        string? context = getenv(RunSettingNames.KubeContext) is { Length: > 0 } c ? c : null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    output.WriteLine(Help);
                    return 0;
                case "--kubeconfig" when i + 1 < args.Count:
                    kubeconfig = args[++i];
                    break;
                case "--context" when i + 1 < args.Count:
                    context = args[++i];
                    break;
                default:
                    throw new ConfigurationException($"deepthought cleanup: unknown or incomplete option '{args[i]}' (allowed: --kubeconfig <file>, --context <name>)");
            }
        }

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
