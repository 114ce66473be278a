using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols;
using Deepthought.Protocols.Talos.Tls;

namespace Deepthought.Checks.Talos;

/// <summary>
/// The run's Talos API access, shared by the Talos, etcd and disk probes: one <see cref="TalosClient"/> (created on
/// first use from the talosconfig), and the nodes to ask — the talosconfig context's nodes plus the profile's node IPs
/// (what the seed passes as <c>--nodes</c>); only when neither names a node, the InternalIPs of the Kubernetes nodes (as
/// `talosctl health` does).
/// </summary>
public sealed class TalosSession : IDisposable
{
    private readonly ClusterConnections _connections;
    private readonly ObservationCache _cache;
    private readonly Lazy<TalosClient> _client;
    private readonly Lazy<Task<IReadOnlyList<string>>> _targets;

    private TalosSession(ObservationCache cache, ClusterConnections connections)
    {
        _cache = cache;
        _connections = connections;
        _client = new Lazy<TalosClient>(Connect);
        _targets = new Lazy<Task<IReadOnlyList<string>>>(ComputeTargetsAsync);
    }

    /// <summary>The session of these connections (created once; disposed with them).</summary>
    public static TalosSession For(ObservationCache cache, ClusterConnections connections)
    {
        lock (connections.Extras)
        {
            if (connections.Extras.TryGetValue(typeof(TalosSession), out var existing))
            {
                return (TalosSession)existing;
            }

            var session = new TalosSession(cache, connections);
            connections.Extras[typeof(TalosSession)] = session;
            return session;
        }
    }

    /// <summary>The client; a talosconfig problem becomes a <see cref="ProbeException"/> naming the file and the fix.</summary>
    public TalosClient Client
    {
        get
        {
            try
            {
                return _client.Value;
            }
            catch (ConfigurationException e)
            {
                throw new ProbeException(e.Message, e);
            }
        }
    }

    public Task<IReadOnlyList<string>> TargetsAsync() => _targets.Value;

    /// <summary>Asks every target node in parallel; each node's failure is kept as its answer's error.</summary>
    public async Task<IReadOnlyList<NodeAnswer<T>>> AskEveryNodeAsync<T>(Func<TalosClient, string, CancellationToken, Task<T>> ask, CancellationToken cancellationToken)
        where T : class
    {
        var client = Client;
        var targets = await TargetsAsync();
        return await Task.WhenAll(targets.Select(async node =>
        {
            try
            {
                return new NodeAnswer<T>(node, await ask(client, node, cancellationToken), null);
            }
            catch (TalosCallException e)
            {
                return new NodeAnswer<T>(node, null, e.Message);
            }
        }));
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private TalosClient Connect()
    {
        var config = TalosEndpoints.Resolve(
            Talosconfig.Load(_connections.TalosconfigPath, _connections.TalosContext),
            _connections.TalosEndpoints,
            _connections.TalosEndpointsSource,
            _connections.TalosFallbackEndpoints,
            out _);
        return new TalosClient(config, new TalosClientOptions { CallTimeout = _connections.RequestTimeout });
    }

    private async Task<IReadOnlyList<string>> ComputeTargetsAsync()
    {
        // As the seed: every talosctl command names its node (--nodes <ip>), so the profile's nodes are always asked.
        var targets = new List<string>(Client.Config.Nodes);
        targets.AddRange(_connections.TalosNodes);
        if (targets.Count == 0 && _cache.IsRegistered<NodesObservation>())
        {
            try
            {
                var nodes = await _cache.GetAsync<NodesObservation>(_cache.RunToken);
                targets.AddRange(nodes.Items.Select(Kubernetes.NodeFacts.InternalIp).OfType<string>());
            }
            catch (Exception e) when (e is ProbeException or OperationCanceledException or InvalidOperationException)
            {
                // Without the Kubernetes API the talosconfig's nodes are the targets.
            }
        }

        if (targets.Count == 0)
        {
            targets.AddRange(Client.Config.Endpoints.Select(e => Talosconfig.ParseEndpoint(e, 50000).Host));
        }

        return targets.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Facts of a certificate, for evidence.</summary>
    public static CertificateFacts Facts(Org.BouncyCastle.X509.X509Certificate c) => new(
        c.SubjectDN.ToString(),
        c.IssuerDN.ToString(),
        c.SubjectDN.GetValueList(Org.BouncyCastle.Asn1.X509.X509Name.O).ToList(),
        new DateTimeOffset(c.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        new DateTimeOffset(c.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        TalosCredentials.Algorithm(c));
}
