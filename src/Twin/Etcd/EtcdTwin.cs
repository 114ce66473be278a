using Deepthought.Checks.Model;
using Deepthought.Checks.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Etcd;

/// <summary>
/// The etcd behind the twin's Talos etcd APIs: one real etcd member per etcd control plane when etcd-server is
/// installed (teardown leaves nothing running), otherwise scripted answers and a notice — an error instead when real
/// backends are required (CI).
/// </summary>
[TwinScenario("etcd-member-stopped", "the last control plane's etcd process is killed (three-control-plane profile)", NeedsRealBackend = true, Profile = "deepthought-3cp.yaml")]
[TwinScenario("etcd-nospace", "etcd runs with a 16 MiB backend quota, filled until it raises NOSPACE", NeedsRealBackend = true, Profile = "deepthought-etcd-16mib.yaml")]
[TwinScenario("etcd-peer-url-foreign", "the first control plane's etcd member advertises its peer URL on 10.5.0.2, not on its node IP")]
public sealed class EtcdTwin : ITwinComponent
{
    /// <summary>The backend quota the NOSPACE scenario runs with (small enough to fill in a second).</summary>
    public const long NoSpaceQuotaBytes = 16 * 1024 * 1024;

    public const string ForeignPeerHost = "10.5.0.2";

    private RealEtcdCluster? _real;

    public int Order => 100;

    public RealEtcdCluster? Real => _real;

    /// <summary>How the etcd binary is found (tests replace it to exercise the fallback).</summary>
    public Func<string?> FindBinary { get; init; } = () => EtcdBinary.Find();

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var nodes = profile.EtcdMembers.ToList();
        var first = nodes.FirstOrDefault();
        string Advertised(NodeProfile n) => context.Scenarios.Has("etcd-peer-url-foreign") && n == first ? ForeignPeerHost : n.Ip;
        var binary = FindBinary();
        if (binary is null || nodes.Count == 0)
        {
            var needing = context.Scenarios.Names.Where(n => n is "etcd-member-stopped" or "etcd-nospace").ToList();
            if (nodes.Count > 0 && (context.RequireRealBackends || needing.Count > 0))
            {
                throw new ConfigurationException(
                    $"etcd is not installed{(needing.Count > 0 ? $": scenario {string.Join(", ", needing)} needs real etcd members" : ": DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 forbids scripted etcd answers")} — install it: apt-get install -y etcd-server etcd-client (or set DEEPTHOUGHT_ETCD to an etcd binary)");
            }

            if (nodes.Count > 0)
            {
                context.Notices.Enqueue("etcd not installed: the Talos etcd APIs answer with scripted members and status (apt-get install -y etcd-server for real members)");
            }

            context.Provide<ITwinEtcd>(new ScriptedEtcd(profile, Advertised));
            return;
        }

        var quota = context.Scenarios.Has("etcd-nospace") ? Math.Min(NoSpaceQuotaBytes, profile.Etcd.QuotaBytes) : profile.Etcd.QuotaBytes;
        _real = await RealEtcdCluster.StartAsync(binary, nodes, Path.Combine(context.WorkDirectory, "etcd"), quota, Advertised, cancellationToken);
        if (context.Scenarios.Has("etcd-nospace"))
        {
            await _real.FillUntilNoSpaceAsync(cancellationToken);
        }

        if (context.Scenarios.Has("etcd-member-stopped"))
        {
            await _real.Member(nodes[^1]).StopAsync();
            await _real.WaitRunningMembersHaveALeaderAsync(cancellationToken);
        }

        context.Provide<ITwinEtcd>(_real);
    }

    public async ValueTask DisposeAsync()
    {
        if (_real is not null)
        {
            await _real.DisposeAsync();
            _real = null;
        }
    }
}
