using System.Text.RegularExpressions;
using Deepthought.Checks.Model;

namespace Deepthought.Fixtures.Evidence;

/// <summary>The namespaces a failed check is about, and the pods (or workloads) it names in them.</summary>
public sealed record InvolvedObjects(IReadOnlyList<string> Namespaces, IReadOnlyDictionary<string, IReadOnlyList<string>> NamePrefixes)
{
    /// <summary>Whether a pod in <paramref name="ns"/> is one the check named (itself, or a pod of a named workload).</summary>
    public bool Names(string ns, string pod) =>
        NamePrefixes.TryGetValue(ns, out var names) && names.Any(n => pod == n || pod.StartsWith(n + "-", StringComparison.Ordinal));
}

/// <summary>
/// Reads the involved namespaces from what a check already says: <see cref="INamespacedCheck"/> when it declares them,
/// its evidence subjects ("namespace X", "pod ns/name", "deployment ns/name") and its hint ("kubectl -n X ...").
/// </summary>
public static partial class InvolvedObjectsResolver
{
    private static readonly string[] WorkloadKinds = ["pod", "deployment", "daemonset", "statefulset", "replicaset", "job"];

    public static InvolvedObjects Resolve(ICheck check, Verdict verdict)
    {
        var namespaces = new List<string>();
        var prefixes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void AddNamespace(string ns)
        {
            if (IsName(ns) && !namespaces.Contains(ns))
            {
                namespaces.Add(ns);
            }
        }

        if (check is INamespacedCheck declared)
        {
            foreach (var ns in declared.Namespaces)
            {
                AddNamespace(ns);
            }
        }

        foreach (var e in verdict.Evidence)
        {
            foreach (Match m in NamespaceWord().Matches(e.Subject))
            {
                AddNamespace(m.Groups["ns"].Value);
            }

            foreach (Match m in KindSlashName().Matches(e.Subject))
            {
                if (!WorkloadKinds.Contains(m.Groups["kind"].Value.ToLowerInvariant()))
                {
                    continue;
                }

                var ns = m.Groups["ns"].Value;
                AddNamespace(ns);
                if (IsName(ns))
                {
                    var list = prefixes.TryGetValue(ns, out var l) ? l : prefixes[ns] = [];
                    list.Add(m.Groups["name"].Value);
                }
            }
        }

        // Only kubectl commands: talosctl's -n is a node address, not a namespace.
        foreach (var command in check.Hint.Split([';', '|', '&'], StringSplitOptions.TrimEntries).Where(c => c.StartsWith("kubectl ", StringComparison.Ordinal)))
        {
            foreach (Match m in HintNamespace().Matches(command))
            {
                AddNamespace(m.Groups["ns"].Value);
            }
        }

        return new InvolvedObjects(namespaces, prefixes.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal));
    }

    // A Kubernetes namespace name is a DNS-1123 label; anything else read from free text is not one.
    private static bool IsName(string s) => s.Length is > 0 and <= 63 && DnsLabel().IsMatch(s);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"\bnamespace\s+(?<ns>[a-z0-9][-a-z0-9]*)", RegexOptions.IgnoreCase)]
    private static partial Regex NamespaceWord();

    [GeneratedRegex(@"\b(?<kind>[A-Za-z]+)\s+(?<ns>[a-z0-9][-a-z0-9]*)/(?<name>[a-z0-9][-a-z0-9.]*)")]
    private static partial Regex KindSlashName();

    [GeneratedRegex(@"(?:\s-n\s+|--namespace[=\s]+|\bnamespace\s+)(?<ns>[a-z0-9][-a-z0-9]*)")]
    private static partial Regex HintNamespace();
}
