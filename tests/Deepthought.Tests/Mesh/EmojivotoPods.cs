using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Profile;
using k8s.Models;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// Hand-built emojivoto Deployments and Pods (meshed like `linkerd inject` leaves them) and the proxy metrics each
/// pod's admin port answers, for judging the pod-shape checks without the mesh network's twin.
/// </summary>
internal sealed class EmojivotoPods
{
    public const string Ns = "emojivoto";

    public List<V1Deployment> Deployments { get; } = [];

    public List<V1Pod> Pods { get; } = [];

    /// <summary>Proxy answers by pod name: (status, body).</summary>
    public Dictionary<string, (int Status, string Body)> Metrics { get; } = new(StringComparer.Ordinal);

    public static EmojivotoPods Meshed()
    {
        var world = new EmojivotoPods();
        foreach (var (name, app, sa) in new[] { ("emoji", "emoji-svc", "emoji"), ("vote-bot", "vote-bot", "default"), ("voting", "voting-svc", "voting"), ("web", "web-svc", "web") })
        {
            world.Add(name, app, sa);
        }

        return world;
    }

    public V1Pod Pod(string deployment) => Pods.First(p => p.Metadata.Labels["linkerd.io/proxy-deployment"] == deployment);

    public void Add(string name, string app, string serviceAccount)
    {
        var labels = new Dictionary<string, string> { ["app"] = app, ["version"] = "v11" };
        Deployments.Add(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels, Annotations = new Dictionary<string, string> { [MeshFacts.InjectAnnotation] = "enabled" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = app }] },
                },
            },
            Status = new V1DeploymentStatus { Replicas = 1, AvailableReplicas = 1 },
        });
        Pods.Add(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{name}-5d9f8c7b6-{name.Length}x2kq",
                NamespaceProperty = Ns,
                Labels = new Dictionary<string, string>(labels) { ["linkerd.io/proxy-deployment"] = name },
            },
            Spec = new V1PodSpec
            {
                ServiceAccountName = serviceAccount,
                InitContainers = [new V1Container { Name = MeshFacts.InitContainer, SecurityContext = new V1SecurityContext { RunAsUser = 0, RunAsNonRoot = false } }],
                Containers = [new V1Container { Name = MeshFacts.ProxyContainer }, new V1Container { Name = app }],
            },
            Status = new V1PodStatus
            {
                Phase = "Running",
                Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
                ContainerStatuses =
                [
                    new V1ContainerStatus { Name = MeshFacts.ProxyContainer, Ready = true, Image = "proxy", ImageID = "", RestartCount = 0 },
                    new V1ContainerStatus { Name = app, Ready = true, Image = app, ImageID = "", RestartCount = 0 },
                ],
            },
        });
    }

    /// <summary>Judges one check on these objects (the profile is the shipped one unless given).</summary>
    public async Task<Verdict> JudgeAsync(string checkId, Deepthought.Protocols.Profile.ClusterProfile? profile = null)
    {
        var cache = new ObservationCache()
            .Register(_ => Task.FromResult(new NodesObservation([])))
            .Register(_ => Task.FromResult(new PodsObservation(Pods)))
            .Register(_ => Task.FromResult(new DeploymentsObservation(Deployments)))
            .Register(_ => Task.FromResult(new ApiServerProxy((path, _) => Task.FromResult(Answer(path)))));
        var engine = new CheckEngine(CheckCatalog.All, new CheckContext(profile ?? RepoFiles.LoadProfile(), RunMode.Audit, TimeProvider.System, cache));
        return (await engine.EvaluateAsync(checkId, CancellationToken.None)).Verdict;
    }

    private ProxyResponse Answer(string path)
    {
        // api/v1/namespaces/emojivoto/pods/<pod>:4191/proxy/metrics
        var target = Uri.UnescapeDataString(path.Split('/')[5]);
        target.Should().EndWith(":4191", "proxy metrics are read on the admin port");
        path.Should().EndWith("/proxy/metrics");
        return Metrics.TryGetValue(target[..target.LastIndexOf(':')], out var m) ? new ProxyResponse(m.Status, m.Body) : new ProxyResponse(503, "error trying to reach service: dial tcp 10.244.1.9:4191: connect: connection refused", FromApiServer: true);
    }
}
