using Deepthought.Protocols.Profile;
using Deepthought.Twin.Cluster;
using Deepthought.Twin.Etcd;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Talos;

/// <summary>
/// The Talos API of the twin: an Ed25519 OS CA like Talos's, one apid per profiled node on 127.0.0.1 (24 h server
/// certificates naming 127.0.0.1 and the node's IP), the etcd APIs answered from <see cref="ITwinEtcd"/>, and a
/// talosconfig with an admin context (<c>&lt;cluster&gt;</c>) and an os:reader one (<c>&lt;cluster&gt;-reader</c>)
/// whose endpoints are the control planes' apids.
/// </summary>
[TwinScenario("apid-unreachable", "the last worker's apid is down: forwarding to it is refused")]
[TwinScenario("talosconfig-wrong-ca", "the talosconfig's ca is another CA than the one that signed the apid certificates")]
[TwinScenario("talos-client-cert-expiring", "the talosconfig client certificates expire in 5 days")]
[TwinScenario("talos-client-cert-expired", "the talosconfig client certificates expired yesterday")]
public sealed class TalosTwin : ITwinComponent
{
    private ApidHost? _host;
    private ApidCluster? _cluster;

    public int Order => 200;

    /// <summary>The running apids (tests reach in for ports and the PKI).</summary>
    public ApidCluster? Cluster => _cluster;

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var s = context.Scenarios;
        var now = context.Time.GetUtcNow();
        var lastWorker = profile.Nodes.LastOrDefault(n => n.Role == NodeRole.Worker);
        var pki = TalosPki.Create(now);
        var nodes = profile.Nodes.Select(n => new TwinNode(
            n,
            s.Has("node-talos-version-drift") && n == lastWorker ? ClusterSeeder.DriftVersion : profile.Talos.Version,
            s.Has("apid-unreachable") && n == lastWorker)).ToList();
        foreach (var node in nodes)
        {
            // As Talos: CN = the node's name, SANs = its addresses (here also loopback, where the twin serves it); 24 h.
            node.ServerCertificate = pki.IssueServer(node.Name, ["127.0.0.1", node.Ip], [node.Name, "localhost"], now.AddMinutes(-5), now.AddHours(24));
        }

        var etcd = context.Find<ITwinEtcd>() ?? new ScriptedEtcd(profile);
        _cluster = new ApidCluster(nodes, pki, etcd, new TwinDisks(profile, s, context.Time), s, context.Time);
        _host = await ApidHost.StartAsync(_cluster, _cluster.Record, cancellationToken);
        foreach (var down in nodes.Where(n => n.ApidDown))
        {
            down.Port = FreePort();
        }

        context.Provide(_cluster);
        var path = Path.Combine(context.WorkDirectory, "talosconfig");
        WriteTalosconfig(path, context, pki, nodes);
        context.Outputs["talosconfig"] = path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _cluster?.Dispose();
    }

    private static void WriteTalosconfig(string path, TwinContext context, TalosPki pki, IReadOnlyList<TwinNode> nodes)
    {
        var s = context.Scenarios;
        var now = context.Time.GetUtcNow();
        var (notBefore, notAfter) = s.Has("talos-client-cert-expired") ? (now.AddDays(-366), now.AddDays(-1))
            : s.Has("talos-client-cert-expiring") ? (now.AddDays(-360), now.AddDays(5))
            : (now.AddMinutes(-5), now.AddDays(365));
        var ca = s.Has("talosconfig-wrong-ca") ? TalosPki.Create(now).Ca.CertificatePem : pki.Ca.CertificatePem;
        // As `talosctl gen config` writes it: no endpoints, no nodes (pkg/machinery/config/generate/talosconfig.go gets an
        // empty endpoint list). The twin's loopback endpoints reach the harness the way a user's `talosctl -e` does.
        var name = context.Profile.Name;
        TalosconfigWriter.Write(path, name,
        [
            new TalosconfigContext(name, [], [], ca, pki.IssueClient([ApidRbac.Admin], notBefore, notAfter)),
            new TalosconfigContext($"{name}-reader", [], [], ca, pki.IssueClient([ApidRbac.Reader], notBefore, notAfter)),
        ]);
        context.Outputs["talosEndpoints"] = string.Join(",", nodes.Where(n => n.IsControlPlane).Select(n => $"127.0.0.1:{n.Port}"));
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
