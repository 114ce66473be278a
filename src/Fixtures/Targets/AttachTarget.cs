using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols;
using k8s;
using k8s.Exceptions;

namespace Deepthought.Fixtures.Targets;

/// <summary>
/// Attaches to a cluster through a kubeconfig (and a talosconfig): the real Deepthought, or the twin's generated files.
/// Never implicit: the twin is the default target and attach needs DEEPTHOUGHT_TARGET=attach plus KUBECONFIG.
/// </summary>
public static class AttachTarget
{
    public static TargetSession Connect(string? kubeconfig, string? context, string? talosconfig, string? talosContext, string targetName, Func<ValueTask>? dispose = null, object? embedded = null, TalosEndpointChoice? talosEndpoints = null)
    {
        if (kubeconfig is null)
        {
            throw new ConfigurationException(
                "KUBECONFIG is not set: DEEPTHOUGHT_TARGET=attach needs the cluster's kubeconfig — run `talosctl kubeconfig ./kubeconfig --nodes 192.168.1.32` and set KUBECONFIG=./kubeconfig");
        }

        if (!File.Exists(kubeconfig))
        {
            throw new ConfigurationException($"{kubeconfig}: kubeconfig not found (from KUBECONFIG) — point KUBECONFIG at an existing file");
        }

        if (talosconfig is not null && !File.Exists(talosconfig))
        {
            throw new ConfigurationException($"{talosconfig}: talosconfig not found (from TALOSCONFIG) — point TALOSCONFIG at the talosconfig `talosctl gen config` wrote");
        }

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, currentContext: context);
        }
        catch (KubeConfigException e)
        {
            throw new ConfigurationException($"{kubeconfig}: {e.Message} — fix the kubeconfig or choose a context with DEEPTHOUGHT_KUBE_CONTEXT");
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException or ArgumentException or IOException)
        {
            throw new ConfigurationException($"{kubeconfig}: not a usable kubeconfig ({e.Message.Split('\n')[0]}) — regenerate it with `talosctl kubeconfig`");
        }

        if (config.SkipTlsVerify)
        {
            throw new ConfigurationException($"{kubeconfig}: context '{config.CurrentContext}' sets insecure-skip-tls-verify; the harness always verifies TLS — give the cluster's certificate-authority-data instead");
        }

        var connections = new ClusterConnections
        {
            Target = targetName,
            Kubernetes = new Kubernetes(config),
            KubernetesConfiguration = config,
            KubeconfigPath = kubeconfig,
            KubeContext = config.CurrentContext ?? context ?? "",
            TalosconfigPath = talosconfig,
            TalosContext = talosContext,
            TalosEndpoints = talosEndpoints?.Overrides ?? [],
            TalosEndpointsSource = talosEndpoints?.Source ?? Checks.Talos.TalosEndpoints.OverrideName,
            TalosFallbackEndpoints = talosEndpoints?.Fallback ?? [],
            TalosNodes = talosEndpoints?.Nodes ?? [],
            // An embedded target (the twin) serves the profiled API server on a loopback port: that address stands in for
            // the profile's endpoint.
            ApiServerStandIn = embedded is null ? null : config.Host,
        };
        return new TargetSession(targetName, connections, dispose) { Embedded = embedded };
    }
}

/// <summary>The Talos endpoints a target hands on: the override (as talosctl -e) with its source, and the fallback.</summary>
/// <para><paramref name="Nodes"/> are the nodes to ask, as the seed's <c>talosctl --nodes &lt;ip&gt;</c>: the profile's node IPs.</para>
public sealed record TalosEndpointChoice(IReadOnlyList<string> Overrides, string Source, IReadOnlyList<string> Fallback)
{
    public IReadOnlyList<string> Nodes { get; init; } = [];
}
