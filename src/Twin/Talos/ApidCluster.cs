using System.Collections.Concurrent;
using Deepthought.Protocols.Talos.Tls;
using Deepthought.Twin.Etcd;
using Deepthought.Twin.Scenarios;
using Grpc.Net.Client;

namespace Deepthought.Twin.Talos;

/// <summary>
/// What every twin apid shares: the nodes, the PKI, the etcd backend, the disks, and the mTLS channels one apid uses
/// to forward a call to a sibling (as real apid dials &lt;node&gt;:50000 with its own client certificate).
/// </summary>
public sealed class ApidCluster : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly TalosConnector _forwarding;

    public ApidCluster(IReadOnlyList<TwinNode> nodes, TalosPki pki, ITwinEtcd etcd, TwinDisks disks, ScenarioSet scenarios, TimeProvider time)
    {
        Nodes = nodes;
        Pki = pki;
        Etcd = etcd;
        Disks = disks;
        Scenarios = scenarios;
        Time = time;
        var now = time.GetUtcNow();
        var identity = pki.IssueClient([ApidRbac.Impersonator], now.AddHours(-1), now.AddDays(1));
        _forwarding = new TalosConnector(
            TalosCredentials.FromPem(pki.Ca.CertificatePem, identity.CertificatePem, identity.PrivateKeyPem, "twin apid forwarding identity"),
            time,
            TimeSpan.FromSeconds(10));
    }

    public IReadOnlyList<TwinNode> Nodes { get; }

    public TalosPki Pki { get; }

    public ITwinEtcd Etcd { get; }

    public TwinDisks Disks { get; }

    public ScenarioSet Scenarios { get; }

    public TimeProvider Time { get; }

    /// <summary>What the apids refused and why (bounded; for tests and debugging, never keys).</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    public void Record(string message)
    {
        Log.Enqueue(message);
        while (Log.Count > 200 && Log.TryDequeue(out _))
        {
        }
    }

    /// <summary>The node a target names (IP or hostname, as apid resolves `node`).</summary>
    public TwinNode? Find(string target) =>
        Nodes.FirstOrDefault(n => n.Ip == target || string.Equals(n.Name, target, StringComparison.OrdinalIgnoreCase));

    /// <summary>The mTLS channel from an apid to a sibling's apid (loopback, the sibling's own port).</summary>
    public GrpcChannel ChannelTo(TwinNode node) =>
        _channels.GetOrAdd(node.Name, _ => GrpcChannel.ForAddress($"http://127.0.0.1:{node.Port}", new GrpcChannelOptions
        {
            HttpHandler = _forwarding.CreateHandler(),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 32 * 1024 * 1024,
        }));

    public void Dispose()
    {
        foreach (var c in _channels.Values)
        {
            c.Dispose();
        }

        _channels.Clear();
    }
}
