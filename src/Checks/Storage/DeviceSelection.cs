using System.Text.RegularExpressions;

namespace Deepthought.Checks.Storage;

/// <summary>Which of a node's known disks a CephCluster's storage spec offers to Rook, and why.</summary>
public sealed record NodeSelection(bool Listed, IReadOnlyList<string> Selected, IReadOnlyList<string> Reasons, IReadOnlyList<string> Unresolved);

/// <summary>
/// Rook's device selection, resolved as its operator does (rook <c>StorageScopeSpec.ResolveNode</c>): with
/// <c>useAllNodes</c> every node uses the cluster-wide selection; otherwise only listed nodes get OSDs, and a node's own
/// <c>useAllDevices</c>, <c>deviceFilter</c>, <c>devicePathFilter</c> and <c>devices</c> fall back to the cluster-wide ones.
/// The result is the union of what each rule admits (a conservative reading: anything a rule could hand to Rook counts).
/// </summary>
public static class DeviceSelection
{
    public static NodeSelection For(StorageSpec spec, string node, IReadOnlyList<string> knownDisks)
    {
        StorageSelection selection;
        if (spec.UseAllNodes)
        {
            selection = spec.Cluster;
        }
        else
        {
            var entry = spec.Nodes.FirstOrDefault(n => n.Name == node);
            if (entry.Name is null)
            {
                return new NodeSelection(false, [], ["node not listed in storage.nodes (useAllNodes: false)"], []);
            }

            var own = entry.Selection;
            selection = new StorageSelection(
                own.UseAllDevices ?? spec.Cluster.UseAllDevices,
                own.DeviceFilter ?? spec.Cluster.DeviceFilter,
                own.DevicePathFilter ?? spec.Cluster.DevicePathFilter,
                own.Devices.Count > 0 ? own.Devices : spec.Cluster.Devices);
        }

        var selected = new SortedSet<string>(StringComparer.Ordinal);
        var reasons = new List<string>();
        var unresolved = new List<string>();
        if (selection.UseAllDevices == true)
        {
            selected.UnionWith(knownDisks);
            reasons.Add("useAllDevices: true (every disk Rook finds empty)");
        }

        foreach (var device in selection.Devices)
        {
            var name = KernelName(device);
            if (name is null)
            {
                unresolved.Add(device);
                continue;
            }

            selected.Add(name);
            reasons.Add($"devices: {device}");
        }

        AddMatches(selection.DeviceFilter, d => d, "deviceFilter", knownDisks, selected, reasons);
        AddMatches(selection.DevicePathFilter, d => $"/dev/{d}", "devicePathFilter", knownDisks, selected, reasons);
        return new NodeSelection(true, selected.ToList(), reasons, unresolved);
    }

    /// <summary>"sdb" or "/dev/sdb" → "sdb"; a by-id/by-path link cannot be mapped without the node's disk inventory.</summary>
    public static string? KernelName(string device)
    {
        var d = device.Trim();
        if (d.StartsWith("/dev/", StringComparison.Ordinal))
        {
            d = d[5..];
        }

        return d.Length == 0 || d.Contains('/', StringComparison.Ordinal) ? null : d;
    }

    private static void AddMatches(string? pattern, Func<string, string> subject, string rule, IReadOnlyList<string> disks, SortedSet<string> selected, List<string> reasons)
    {
        if (pattern is null)
        {
            return;
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            reasons.Add($"{rule} '{pattern}' is not a valid regular expression (Rook would reject it)");
            return;
        }

        var matched = disks.Where(d => regex.IsMatch(subject(d))).ToList();
        selected.UnionWith(matched);
        reasons.Add($"{rule} '{pattern}' matches [{string.Join(", ", matched)}]");
    }
}
