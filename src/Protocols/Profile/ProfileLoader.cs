using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Deepthought.Protocols;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deepthought.Protocols.Profile;

/// <summary>
/// Loads a profile and validates it while binding: an unknown key, a wrong type or a missing value is one
/// <see cref="ConfigurationException"/> line with file:line:column, the key path and the allowed keys or values.
/// </summary>
public static class ProfileLoader
{
    public static ClusterProfile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException(
                $"{path}: profile not found — set DEEPTHOUGHT_PROFILE to a profile file (the default is profiles/deepthought.yaml)");
        }

        var profile = Parse(File.ReadAllText(path), path);
        profile.SourcePath = Path.GetFullPath(path);
        return profile;
    }

    public static ClusterProfile Parse(string yaml, string fileName)
    {
        ValidateSyntax(yaml, fileName);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigurationException($"{fileName}:1:1: the profile must be a YAML mapping with at least the keys name, kubernetes, talos and nodes");
        }

        var profile = (ClusterProfile)Bind(root, typeof(ClusterProfile), "", fileName);
        Validate(profile, root, fileName);
        return profile;
    }

    // Walks the parser events first so that every syntax error, including the ones YamlDotNet reports without a
    // position, is given with the place where parsing stopped.
    private static void ValidateSyntax(string yaml, string fileName)
    {
        var parser = new Parser(new StringReader(yaml));
        var last = new Mark(0, 1, 1);
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
            }
        }
        catch (YamlException e)
        {
            throw new ConfigurationException(
                $"{fileName}:{e.Start.Line}:{e.Start.Column}: not valid YAML ({FirstLine(e.Message)}) — fix the syntax at that place");
        }
        catch (InvalidOperationException)
        {
            throw new ConfigurationException(
                $"{fileName}:{last.Line}:{last.Column}: not valid YAML after this place (an unclosed bracket or quote?) — fix the syntax there");
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static object Bind(YamlNode node, Type type, string path, string file)
    {
        if (type == typeof(string))
        {
            return Scalar(node, path, file, "a string");
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(double))
        {
            var text = Scalar(node, path, file, "a number");
            object? value = type == typeof(int) ? (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null)
                : type == typeof(long) ? (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null)
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            return value ?? throw Error(node, file, path, $"'{text}' is not {(type == typeof(double) ? "a number" : "a whole number")}");
        }

        if (type == typeof(bool))
        {
            var text = Scalar(node, path, file, "true or false");
            return text switch
            {
                "true" or "True" => true,
                "false" or "False" => false,
                _ => throw Error(node, file, path, $"'{text}' is not a boolean; allowed: true, false"),
            };
        }

        if (type.IsEnum)
        {
            var text = Scalar(node, path, file, "one of " + string.Join(", ", EnumNames(type)));
            var match = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            return match is not null
                ? Enum.Parse(type, match)
                : throw Error(node, file, path, $"'{text}' is not allowed; allowed: {string.Join(", ", EnumNames(type))}");
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (node is not YamlSequenceNode seq)
            {
                throw Error(node, file, path, "expected a list");
            }

            var itemType = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(type)!;
            var index = 0;
            foreach (var item in seq.Children)
            {
                list.Add(Bind(item, itemType, $"{path}[{index++}]", file));
            }

            return list;
        }

        if (node is not YamlMappingNode map)
        {
            throw Error(node, file, path, $"expected a mapping with keys: {string.Join(", ", Keys(type))}");
        }

        var instance = Activator.CreateInstance(type)!;
        var properties = Properties(type).ToDictionary(p => CamelCase(p.Name), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var keyPath = path.Length == 0 ? key : $"{path}.{key}";
            if (!properties.TryGetValue(key, out var property))
            {
                throw Error(keyNode, file, keyPath, $"unknown key '{key}'; allowed here: {string.Join(", ", properties.Keys)}");
            }

            if (!seen.Add(key))
            {
                throw Error(keyNode, file, keyPath, $"key '{key}' appears twice");
            }

            property.SetValue(instance, Bind(valueNode, property.PropertyType, keyPath, file));
        }

        foreach (var (name, property) in properties)
        {
            if (!seen.Contains(name) && property.GetCustomAttribute<RequiredMemberAttribute>() is not null)
            {
                var where = path.Length == 0 ? "the profile" : path;
                throw Error(map, file, path.Length == 0 ? name : $"{path}.{name}", $"missing key '{name}' in {where}; add it (keys here: {string.Join(", ", properties.Keys)})");
            }
        }

        return instance;
    }

    private static string Scalar(YamlNode node, string path, string file, string what) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(node, file, path, $"expected {what}");

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<ProfileIgnoreAttribute>() is null);

    private static IEnumerable<string> Keys(Type type) => Properties(type).Select(p => CamelCase(p.Name));

    private static IEnumerable<string> EnumNames(Type type) => Enum.GetNames(type).Select(CamelCase);

    internal static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static ConfigurationException Error(YamlNode node, string file, string keyPath, string message) =>
        new($"{file}:{node.Start.Line}:{node.Start.Column}: {keyPath}: {message}");

    private static void Validate(ClusterProfile profile, YamlMappingNode root, string file)
    {
        YamlNode At(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var n) ? n : root;

        if (profile.Nodes.Count == 0)
        {
            throw Error(At("nodes"), file, "nodes", "at least one node is required");
        }

        if (!profile.Nodes.Any(n => n.Role == NodeRole.ControlPlane))
        {
            throw Error(At("nodes"), file, "nodes", "no node has role controlPlane; a cluster needs at least one");
        }

        var nodes = (YamlSequenceNode)At("nodes");
        for (var i = 0; i < profile.Nodes.Count; i++)
        {
            var n = profile.Nodes[i];
            if (!System.Net.IPAddress.TryParse(n.Ip, out _))
            {
                throw Error(nodes.Children[i], file, $"nodes[{i}].ip", $"'{n.Ip}' is not an IP address");
            }

            if (profile.Nodes.Count(o => o.Name == n.Name) > 1)
            {
                throw Error(nodes.Children[i], file, $"nodes[{i}].name", $"node name '{n.Name}' is listed twice");
            }

            if (n.Etcd && n.Role != NodeRole.ControlPlane)
            {
                throw Error(nodes.Children[i], file, $"nodes[{i}].etcd", "only controlPlane nodes run etcd on Talos");
            }
        }

        if (!Uri.TryCreate(profile.Kubernetes.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme != "https")
        {
            throw Error(At("kubernetes"), file, "kubernetes.endpoint", $"'{profile.Kubernetes.Endpoint}' is not an https:// URL");
        }

        if (!profile.Talos.Version.StartsWith('v'))
        {
            throw Error(At("talos"), file, "talos.version", $"'{profile.Talos.Version}' is not a Talos tag like v1.10.3");
        }
    }
}
