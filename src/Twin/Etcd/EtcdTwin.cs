using Deepthought.Protocols;
using Deepthought.Protocols.Profile;
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

    /// <summary>DEEPTHOUGHT_BACKENDS: "process", "containers", or unset (process if the binary exists, else containers if an engine answers, else scripted).</summary>
    public string? Backends { get; init; } = Environment.GetEnvironmentVariable(BackendsVariable);

    /// <summary>The Docker engine endpoint ($DOCKER_HOST or the default socket).</summary>
    public string DockerEndpoint { get; init; } = DockerEngine.Endpoint();

    /// <summary>Null when the Docker engine answers, else why not (tests replace it).</summary>
    public Func<string, string?> EngineUnreachable { get; init; } = DockerEngine.Unreachable;

    /// <summary>The etcd image the containers backend runs ($DEEPTHOUGHT_ETCD_IMAGE, else the upstream image Talos runs).</summary>
    public string Image { get; init; } = DockerEngine.EtcdImage();

    public const string BackendsVariable = "DEEPTHOUGHT_BACKENDS";

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var nodes = profile.EtcdMembers.ToList();
        var first = nodes.FirstOrDefault();
        string Advertised(NodeProfile n) => context.Scenarios.Has("etcd-peer-url-foreign") && n == first ? ForeignPeerHost : n.Ip;
        var launcher = nodes.Count == 0 ? null : ChooseLauncher(context);
        if (launcher is null)
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
        if (launcher is ContainersEtcdLauncher containers)
        {
            await containers.EnsureImageAsync(cancellationToken);
        }

        context.Notices.Enqueue($"etcd backend: {launcher.Description}, {nodes.Count} member(s)");
        _real = await RealEtcdCluster.StartAsync(launcher, nodes, Path.Combine(context.WorkDirectory, "etcd"), quota, Advertised, cancellationToken);
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

    /// <summary>The backend DEEPTHOUGHT_BACKENDS asks for (an error when it is not there), else the default; null: scripted.</summary>
    private IEtcdLauncher? ChooseLauncher(TwinContext context)
    {
        var asked = Backends?.Trim().ToLowerInvariant();
        switch (asked)
        {
            case null or "":
                if (FindBinary() is { } found)
                {
                    return new ProcessEtcdLauncher(found);
                }

                return EngineUnreachable(DockerEndpoint) is null ? new ContainersEtcdLauncher(DockerEndpoint, Image) : null;
            case "process":
                return new ProcessEtcdLauncher(FindBinary() ?? throw new ConfigurationException(
                    $"{BackendsVariable}=process but etcd is not installed — install it: apt-get install -y etcd-server etcd-client (or set DEEPTHOUGHT_ETCD to an etcd binary, or {BackendsVariable}=containers)"));
            case "containers":
                if (EngineUnreachable(DockerEndpoint) is { } why)
                {
                    throw new ConfigurationException(
                        $"{BackendsVariable}=containers but {why} — start one (e.g. dockerd --storage-driver=vfs --iptables=false --bridge=none -H unix:///run/deepthought-docker.sock) and set DOCKER_HOST to it, or unset {BackendsVariable}");
                }

                return new ContainersEtcdLauncher(DockerEndpoint, Image);
            default:
                throw new ConfigurationException(
                    $"{BackendsVariable}={Backends}: unknown backend — use {BackendsVariable}=process (the etcd binary) or {BackendsVariable}=containers (a Docker engine), or unset it for the default");
        }
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
