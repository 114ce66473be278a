using Deepthought.Protocols.Profile;
using Deepthought.Protos.Etcd;
using Grpc.Net.Client;

namespace Deepthought.Twin.Etcd;

/// <summary>
/// One real etcd member of the twin, whatever runs it: a child process (<see cref="EtcdProcess"/>) or a container
/// on the host network (<see cref="EtcdContainer"/>). Either way it listens on 127.0.0.1 on its client and peer ports.
/// </summary>
public interface IEtcdMember : IAsyncDisposable
{
    NodeProfile Node { get; }

    int ClientPort { get; }

    int PeerPort { get; }

    /// <summary>Plaintext HTTP/2 gRPC to the member's client port (etcdserverpb).</summary>
    GrpcChannel Channel { get; }

    bool IsRunning { get; }

    /// <summary>The last lines etcd logged (for start-up failures).</summary>
    string LogTail { get; }

    /// <summary>Kills the member (scenario etcd-member-stopped; teardown) and waits until it is gone.</summary>
    Task StopAsync();

    Maintenance.MaintenanceClient Maintenance() => new(Channel);

    Protos.Etcd.Cluster.ClusterClient Cluster() => new(Channel);

    KV.KVClient Kv() => new(Channel);
}

/// <summary>Starts etcd members on given loopback ports: the backend behind <see cref="RealEtcdCluster"/>.</summary>
public interface IEtcdLauncher
{
    /// <summary>How the run notice names this backend, e.g. "process (/usr/bin/etcd)".</summary>
    string Description { get; }

    Task<IEtcdMember> StartAsync(EtcdMemberSpec spec, CancellationToken cancellationToken);

    /// <summary>Called once the cluster is disposed (or failed to start): removes anything the launcher left behind.</summary>
    Task CleanUpAsync();
}

/// <summary>The flags one member starts with (the same for every backend).</summary>
public sealed record EtcdMemberSpec(NodeProfile Node, int ClientPort, int PeerPort, string DataDirectory, string InitialCluster, string Token, long QuotaBytes)
{
    public IReadOnlyList<string> Arguments =>
    [
        "--name", Node.Name,
        "--data-dir", DataDirectory,
        "--listen-client-urls", $"http://127.0.0.1:{ClientPort}",
        "--advertise-client-urls", $"http://127.0.0.1:{ClientPort}",
        "--listen-peer-urls", $"http://127.0.0.1:{PeerPort}",
        "--initial-advertise-peer-urls", $"http://127.0.0.1:{PeerPort}",
        "--initial-cluster", InitialCluster,
        "--initial-cluster-token", Token,
        "--initial-cluster-state", "new",
        "--quota-backend-bytes", QuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--logger", "zap",
        "--log-level", "warn",
    ];
}

/// <summary>Runs each member as a child process of the given etcd binary, its data under the twin's work folder.</summary>
public sealed class ProcessEtcdLauncher(string binary) : IEtcdLauncher
{
    public string Description => $"process ({binary})";

    public Task<IEtcdMember> StartAsync(EtcdMemberSpec spec, CancellationToken cancellationToken) =>
        Task.FromResult<IEtcdMember>(EtcdProcess.Start(binary, spec));

    public Task CleanUpAsync() => Task.CompletedTask;
}
