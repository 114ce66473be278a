using System.Collections.Concurrent;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Hosting;

/// <summary>What the twin's components share: the profile, the active scenarios, the object store, a work folder.</summary>
public sealed class TwinContext
{
    private readonly ConcurrentDictionary<Type, object> _services = new();

    public TwinContext(ClusterProfile profile, ScenarioSet scenarios, string workDirectory, TimeProvider time, bool requireRealBackends)
    {
        Profile = profile;
        Scenarios = scenarios;
        WorkDirectory = workDirectory;
        Time = time;
        RequireRealBackends = requireRealBackends;
        Store = new KubeStore(time);
    }

    public ClusterProfile Profile { get; }

    public ScenarioSet Scenarios { get; }

    /// <summary>A private folder for this twin (certificates, kubeconfig, backend data); removed on dispose.</summary>
    public string WorkDirectory { get; }

    public TimeProvider Time { get; }

    /// <summary>DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1: a missing etcd/Ceph is an error, not a scripted fallback.</summary>
    public bool RequireRealBackends { get; }

    public KubeStore Store { get; }

    /// <summary>The auditor role the API server enforces (a file under profiles/rbac; see TwinOptions.AuditorPolicy).</summary>
    public string AuditorPolicy { get; init; } = Kubernetes.Api.Rbac.RbacPolicy.AuditorFile;

    /// <summary>Creates the API server's kubectl-only forms (see TwinOptions.KubeApiExtension); null without them.</summary>
    public Func<KubeStore, Kubernetes.Api.IKubeApiExtension>? KubeApiExtension { get; init; }

    public ProxyRegistry Proxies { get; } = new();

    /// <summary>Said in the run's output and reports, e.g. "etcd not installed: scripted etcd answers".</summary>
    public ConcurrentQueue<string> Notices { get; } = new();

    /// <summary>Paths the twin writes for its clients: "kubeconfig", "talosconfig".</summary>
    public ConcurrentDictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Lets components find each other (e.g. the mesh layer finds the workloads).</summary>
    public void Provide<T>(T service)
        where T : class => _services[typeof(T)] = service;

    public T? Find<T>()
        where T : class => _services.TryGetValue(typeof(T), out var s) ? (T)s : null;
}
