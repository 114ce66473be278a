using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// The discovery documents (legacy form, which every client falls back to): /version, /api, /api/v1, /apis,
/// /apis/{group}, /apis/{group}/{version}, built from the store's resource types (CRDs appear once stored).
/// </summary>
public static partial class Discovery
{
    public const string GitVersion = "v1.33.1";

    private static readonly IReadOnlySet<string> AllCategory = new HashSet<string>(StringComparer.Ordinal)
    {
        "Pod", "Service", "Deployment", "DaemonSet", "ReplicaSet", "StatefulSet",
    };

    /// <summary>Resources served without storage (authorization reviews): group/version, plural, kind.</summary>
    public static readonly IReadOnlyList<ResourceType> Virtual =
    [
        new("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false),
        new("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false),
    ];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "33",
        ["minCompatibilityMajor"] = "1",
        ["minCompatibilityMinor"] = "32",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-05-15T08:19:19Z",
        ["goVersion"] = "go1.24.2",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(IEnumerable<ResourceType> types) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Served(types).Where(t => t.Group.Length > 0).GroupBy(t => t.Group).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (JsonNode)Group(g.Key, g.Select(t => t.Version))).ToArray()),
    };

    public static JsonObject? GroupDocument(IEnumerable<ResourceType> types, string group)
    {
        var versions = Served(types).Where(t => t.Group == group).Select(t => t.Version).ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var doc = Group(group, versions);
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return doc;
    }

    /// <summary>The APIResourceList of one group/version, subresources included; null when nothing is served there.</summary>
    public static JsonObject? ResourceList(IEnumerable<ResourceType> types, string group, string version)
    {
        var inVersion = Served(types).Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (inVersion.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var t in inVersion)
        {
            var main = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.SingularName,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = Verbs(Virtual.Contains(t) ? ["create"] : ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
            };
            if (t.ShortNames is { Count: > 0 })
            {
                main["shortNames"] = new JsonArray(t.ShortNames.Select(s => (JsonNode)s).ToArray());
            }

            if (AllCategory.Contains(t.Kind) && t.Group is "" or "apps")
            {
                main["categories"] = new JsonArray("all");
            }

            resources.Add(main);
            foreach (var sub in t.Subresources ?? [])
            {
                var (kind, verbs, g, v) = sub switch
                {
                    "proxy" => ("PodProxyOptions", new[] { "create", "delete", "get", "patch", "update" }, "", "v1"),
                    "log" => ("Pod", new[] { "get" }, "", "v1"),
                    "scale" => ("Scale", new[] { "get", "patch", "update" }, "autoscaling", "v1"),
                    _ => (t.Kind, new[] { "get", "patch", "update" }, "", ""),
                };
                var entry = new JsonObject { ["name"] = $"{t.Plural}/{sub}", ["singularName"] = "", ["namespaced"] = t.Namespaced };
                if (g.Length > 0)
                {
                    entry["group"] = g;
                    entry["version"] = v;
                }

                entry["kind"] = sub == "proxy" ? $"{t.Kind}ProxyOptions" : kind;
                entry["verbs"] = Verbs(verbs);
                resources.Add(entry);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    /// <summary>Kubernetes version priority: GA before beta before alpha, higher numbers first.</summary>
    public static IEnumerable<string> ByPriority(IEnumerable<string> versions) =>
        versions.Distinct().OrderBy(v => Rank(v).Stage).ThenByDescending(v => Rank(v).Major).ThenByDescending(v => Rank(v).Minor).ThenBy(v => v, StringComparer.Ordinal);

    private static IEnumerable<ResourceType> Served(IEnumerable<ResourceType> types) => types.Concat(Virtual);

    private static JsonObject Group(string name, IEnumerable<string> versions)
    {
        var ordered = ByPriority(versions).ToList();
        JsonObject Gv(string v) => new() { ["groupVersion"] = $"{name}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = new JsonArray(ordered.Select(v => (JsonNode)Gv(v)).ToArray()),
            ["preferredVersion"] = Gv(ordered[0]),
        };
    }

    private static JsonArray Verbs(IEnumerable<string> verbs) => new(verbs.Select(v => (JsonNode)v).ToArray());

    private static (int Stage, int Major, int Minor) Rank(string v)
    {
        var m = VersionPattern().Match(v);
        if (!m.Success)
        {
            return (3, 0, 0);
        }

        var major = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 };
        var minor = m.Groups[3].Success && m.Groups[3].Value.Length > 0 ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return (stage, major, minor);
    }

    [GeneratedRegex(@"^v(\d+)(?:(alpha|beta)(\d*))?$")]
    private static partial Regex VersionPattern();
}
