using System.Text.RegularExpressions;
using Deepthought.Protocols.Rook;

namespace Deepthought.Checks.Storage;

/// <summary>Which of a node's known disks a CephCluster's storage spec offers to Rook, and why.</summary>
public sealed record NodeSelection(bool Listed, IReadOnlyList<string> Selected, IReadOnlyList<string> Reasons, IReadOnlyList<string> Unresolved);

/// <summary>A disk by its kernel name (sdb) and the <c>/dev/disk/by-*</c> links Talos reports for it (Disk spec <c>symlinks</c>).</summary>
public sealed record KnownDisk(string Name, IReadOnlyList<string> Symlinks)
{
    public static implicit operator KnownDisk(string name) => new(name, []);
}

/// <summary>
/// Rook's device selection, resolved as its operator does. Nodes: with <c>useAllNodes</c> every node gets an empty entry,
/// so it uses the cluster-wide selection; otherwise only listed nodes get OSDs, and a node's own <c>useAllDevices</c>,
/// <c>deviceFilter</c>, <c>devicePathFilter</c> and <c>devices</c> fall back to the cluster-wide ones (rook
/// <c>StorageScopeSpec.ResolveNode</c>). Then ONE rule applies, by priority: the device list, else the device filter,
/// else the device path filter, else <c>useAllDevices</c> (rook <c>provision_spec.go</c>); the others are ignored.
/// A listed device matches a disk by kernel name, <c>/dev/&lt;name&gt;</c> or (for a <c>/dev/...</c> path) one of its
/// links; <c>deviceFilter</c> is a regular expression over the kernel name, <c>devicePathFilter</c> over the links and
/// <c>/dev/&lt;name&gt;</c> (rook <c>getAvailableDevices</c>).
/// </summary>
public static class DeviceSelection
{
    /// <summary>Disks known by kernel name only (no links): by-id and by-path devices stay unresolved.</summary>
    public static NodeSelection For(StorageSpec spec, string node, IReadOnlyList<string> knownDisks) =>
        For(spec, node, knownDisks.Select(d => new KnownDisk(d, [])).ToList());

    public static NodeSelection For(StorageSpec spec, string node, IReadOnlyList<KnownDisk> knownDisks)
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
        if (selection.Devices.Count > 0)
        {
            foreach (var device in selection.Devices)
            {
                var (disk, how) = Resolve(device, knownDisks);
                if (disk is null)
                {
                    unresolved.Add(device);
                    continue;
                }

                selected.Add(disk.Name);
                reasons.Add(how is null ? $"devices: {device}" : $"devices: {device} ({how} {disk.Name})");
            }

            Ignored(reasons, "devices", selection.DeviceFilter, selection.DevicePathFilter, selection.UseAllDevices);
        }
        else if (selection.DeviceFilter is { } filter)
        {
            AddMatches(filter, d => [d.Name], "deviceFilter", knownDisks, selected, reasons);
            Ignored(reasons, "deviceFilter", null, selection.DevicePathFilter, selection.UseAllDevices);
        }
        else if (selection.DevicePathFilter is { } pathFilter)
        {
            AddMatches(pathFilter, d => [.. d.Symlinks, $"/dev/{d.Name}"], "devicePathFilter", knownDisks, selected, reasons);
            Ignored(reasons, "devicePathFilter", null, null, selection.UseAllDevices);
        }
        else if (selection.UseAllDevices == true)
        {
            selected.UnionWith(knownDisks.Select(d => d.Name));
            reasons.Add("useAllDevices: true (every disk Rook finds empty)");
        }

        return new NodeSelection(true, selected.ToList(), reasons, unresolved);
    }

    /// <summary>The disk a <c>devices[]</c> entry names, as Rook matches it, and "by link" when a link matched.</summary>
    public static (KnownDisk? Disk, string? How) Resolve(string device, IReadOnlyList<KnownDisk> disks)
    {
        var d = device.Trim();
        var byName = disks.FirstOrDefault(k => k.Name == d || $"/dev/{k.Name}" == d);
        if (byName is not null)
        {
            return (byName, null);
        }

        var byLink = d.StartsWith("/dev/", StringComparison.Ordinal) ? disks.FirstOrDefault(k => k.Symlinks.Contains(d, StringComparer.Ordinal)) : null;
        return byLink is null ? (null, null) : (byLink, "a link of");
    }

    private static void Ignored(List<string> reasons, string winner, string? filter, string? pathFilter, bool? useAll)
    {
        var ignored = new List<string>();
        if (filter is not null)
        {
            ignored.Add($"deviceFilter '{filter}'");
        }

        if (pathFilter is not null)
        {
            ignored.Add($"devicePathFilter '{pathFilter}'");
        }

        if (useAll == true)
        {
            ignored.Add("useAllDevices: true");
        }

        if (ignored.Count > 0)
        {
            reasons.Add($"{string.Join(", ", ignored)} ignored: Rook applies {winner} first");
        }
    }

    private static void AddMatches(string pattern, Func<KnownDisk, IReadOnlyList<string>> subjects, string rule, IReadOnlyList<KnownDisk> disks, SortedSet<string> selected, List<string> reasons)
    {
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

        var matched = disks.Where(d => subjects(d).Any(regex.IsMatch)).Select(d => d.Name).ToList();
        selected.UnionWith(matched);
        reasons.Add($"{rule} '{pattern}' matches [{string.Join(", ", matched)}]");
    }
}
