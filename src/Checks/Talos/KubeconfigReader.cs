using Deepthought.Checks.Probes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deepthought.Checks.Talos;

/// <summary>Reads the kubeconfig file's current-context and that context's cluster server (no credentials are read).</summary>
public static class KubeconfigReader
{
    public static KubeconfigObservation Read(ClusterConnections connections)
    {
        var path = connections.KubeconfigPath;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var current = Scalar(root, "current-context");
            var context = Named(root, "contexts", current)?.Children.TryGetValue(new YamlScalarNode("context"), out var c) == true ? c as YamlMappingNode : null;
            var clusterName = context is null ? null : Scalar(context, "cluster");
            var cluster = Named(root, "clusters", clusterName)?.Children.TryGetValue(new YamlScalarNode("cluster"), out var cl) == true ? cl as YamlMappingNode : null;
            return new KubeconfigObservation(connections.ApiServerStandIn, path, current, cluster is null ? null : Scalar(cluster, "server"), null, clusterName);
        }
        catch (Exception e) when (e is IOException or YamlException or InvalidCastException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return new KubeconfigObservation(connections.ApiServerStandIn, path, null, null, $"{path}: not readable as a kubeconfig ({e.GetType().Name})");
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value : null;

    private static YamlMappingNode? Named(YamlMappingNode root, string list, string? name)
    {
        if (name is null || !root.Children.TryGetValue(new YamlScalarNode(list), out var items) || items is not YamlSequenceNode sequence)
        {
            return null;
        }

        return sequence.Children.OfType<YamlMappingNode>().FirstOrDefault(m => Scalar(m, "name") == name);
    }
}
