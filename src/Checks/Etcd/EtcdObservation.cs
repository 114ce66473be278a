using System.Globalization;

namespace Deepthought.Checks.Etcd;

/// <summary>An etcd member as EtcdMemberList reports it (ids are uint64; shown as 16 hex digits like talosctl).</summary>
public sealed record EtcdMemberFacts(ulong Id, string Name, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls, bool IsLearner)
{
    public string HexId => EtcdFormat.Id(Id);
}

/// <summary>A node's local member status (EtcdStatus).</summary>
public sealed record EtcdStatusFacts(ulong MemberId, string Version, long DbSize, long DbSizeInUse, ulong Leader, ulong RaftTerm, ulong RaftIndex, IReadOnlyList<string> Errors, bool IsLearner);

/// <summary>An active alarm (EtcdAlarmList).</summary>
public sealed record EtcdAlarmFacts(ulong MemberId, string Alarm);

/// <summary>What one node's etcd APIs said; each call's failure is kept apart (a stopped member fails all three).</summary>
public sealed record EtcdNodeFacts(
    string Node,
    IReadOnlyList<EtcdMemberFacts>? Members,
    string? MembersError,
    EtcdStatusFacts? Status,
    string? StatusError,
    IReadOnlyList<EtcdAlarmFacts>? Alarms,
    string? AlarmsError);

/// <summary>The etcd view of every targeted node (workers answer Unimplemented, as real Talos).</summary>
public sealed record EtcdObservation(IReadOnlyList<EtcdNodeFacts> Nodes)
{
    public EtcdNodeFacts? Find(string node) => Nodes.FirstOrDefault(n => n.Node == node);
}

/// <summary>Formatting shared by the etcd checks.</summary>
public static class EtcdFormat
{
    public static string Id(ulong id) => id.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>go-humanize style sizes (SI), as talosctl etcd status prints them.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1000 => $"{bytes} B",
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.#} kB"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.##} GB"),
    };

    public static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : url;
}
