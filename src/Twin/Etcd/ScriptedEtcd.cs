using Deepthought.Protocols.Profile;
using Deepthought.Protos.Machine;

namespace Deepthought.Twin.Etcd;

/// <summary>
/// Scripted etcd answers when etcd-server is not installed: one healthy member per etcd control plane, the first
/// the leader, a small database, no alarms. The twin says so in its notices; CI refuses this fallback.
/// </summary>
public sealed class ScriptedEtcd(ClusterProfile profile, Func<NodeProfile, string>? peerHost = null) : ITwinEtcd
{
    private readonly List<NodeProfile> _members = profile.EtcdMembers.ToList();

    public bool IsReal => false;

    public Task<IReadOnlyList<EtcdMember>> MembersAsync(NodeProfile node, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EtcdMember>>(_members.Select(m => new EtcdMember
        {
            Id = Id(m),
            Hostname = m.Name,
            PeerUrls = { $"https://{peerHost?.Invoke(m) ?? m.Ip}:2380" },
            ClientUrls = { $"https://{m.Ip}:2379" },
        }).ToList());

    public Task<EtcdMemberStatus> StatusAsync(NodeProfile node, CancellationToken cancellationToken) =>
        Task.FromResult(new EtcdMemberStatus
        {
            MemberId = Id(node),
            ProtocolVersion = "3.5.21",
            DbSize = 24_576_000,
            DbSizeInUse = 12_288_000,
            Leader = _members.Count > 0 ? Id(_members[0]) : 0,
            RaftIndex = 152_340,
            RaftTerm = 2,
            RaftAppliedIndex = 152_340,
        });

    public Task<IReadOnlyList<EtcdMemberAlarm>> AlarmsAsync(NodeProfile node, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EtcdMemberAlarm>>([]);

    public Task<IReadOnlyList<EtcdMemberAlarm>> DisarmAsync(NodeProfile node, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EtcdMemberAlarm>>([]);

    public bool IsRunning(NodeProfile node) => true;

    // Stable 64-bit ids derived from the name (real ids are random uint64s, often above 2^63).
    private static ulong Id(NodeProfile node) =>
        BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(node.Name)), 0);
}
