using Deepthought.Protocols.Profile;
using Deepthought.Protos.Machine;

namespace Deepthought.Twin.Etcd;

/// <summary>
/// The etcd behind the twin's Talos etcd APIs: real members (etcd-server installed) or scripted answers. Answers are
/// already in Talos's shapes; peer and client URLs are mapped to the node's address (see <see cref="RealEtcdCluster"/>).
/// </summary>
public interface ITwinEtcd
{
    bool IsReal { get; }

    /// <summary>The member list as the node's local member sees it (EtcdMemberList with query_local).</summary>
    Task<IReadOnlyList<EtcdMember>> MembersAsync(NodeProfile node, CancellationToken cancellationToken);

    Task<EtcdMemberStatus> StatusAsync(NodeProfile node, CancellationToken cancellationToken);

    Task<IReadOnlyList<EtcdMemberAlarm>> AlarmsAsync(NodeProfile node, CancellationToken cancellationToken);

    /// <summary>Disarms every alarm; returns the alarms that were disarmed.</summary>
    Task<IReadOnlyList<EtcdMemberAlarm>> DisarmAsync(NodeProfile node, CancellationToken cancellationToken);

    /// <summary>Whether the node's etcd process runs (the etcd service state in ServiceList).</summary>
    bool IsRunning(NodeProfile node);
}

/// <summary>The node's etcd member did not answer (stopped, no quorum...); the message is etcd's or the dial error.</summary>
public sealed class EtcdUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
