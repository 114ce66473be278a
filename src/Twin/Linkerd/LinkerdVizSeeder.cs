using System.Text.Json.Nodes;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Linkerd;

/// <summary>
/// The linkerd-viz Helm release (`helm install linkerd-viz linkerd-edge/linkerd-viz -n linkerd-viz`): its meshed
/// Deployments and Pods, the dashboard Service web (http 8084, admin-http 9994) answered by <see cref="VizDashboard"/>
/// through the API server's service proxy, and the release Secret.
/// </summary>
[TwinScenario("linkerd-viz-missing", "the linkerd-viz extension was never installed")]
public sealed class LinkerdVizSeeder : ITwinComponent
{
    private VizDashboard? _dashboard;

    public int Order => 50;

    /// <summary>The viz chart's Deployments and their main container port.</summary>
    public static readonly IReadOnlyList<(string Name, int Port)> Components =
        [("metrics-api", 8085), ("prometheus", 9090), ("tap", 8089), ("tap-injector", 8443), ("web", 8084)];

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        if (context.Scenarios.Has("linkerd-viz-missing"))
        {
            return;
        }

        var linkerd = context.Profile.Mesh.Linkerd;
        var ns = linkerd.VizNamespace;
        var nodes = TwinNodes.From(context.Store);
        foreach (var (name, port) in Components)
        {
            var labels = new Dictionary<string, string>
            {
                ["linkerd.io/extension"] = "viz",
                ["component"] = name,
                ["linkerd.io/control-plane-ns"] = linkerd.Namespace,
                ["linkerd.io/workload-ns"] = ns,
                ["linkerd.io/proxy-deployment"] = name,
            };
            context.Store.Put(Manifest.Object("v1", "ServiceAccount", name, ns));
            var (deployment, pods) = MeshedDeployment.Build(new MeshedWorkload(ns, name, 1, labels, [(name, port)], name, false), nodes, linkerd.ProxyInitRunAsRoot, context.Time);
            context.Store.Put(deployment);
            foreach (var pod in pods)
            {
                context.Store.Put(pod);
            }
        }

        var web = Manifest.Object("v1", "Service", "web", ns, new Dictionary<string, string> { ["linkerd.io/extension"] = "viz", ["component"] = "web" });
        web["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = "10.96.84.84",
            ["selector"] = new JsonObject { ["linkerd.io/extension"] = "viz", ["component"] = "web" },
            ["ports"] = new JsonArray(
                new JsonObject { ["name"] = "http", ["port"] = 8084, ["targetPort"] = 8084, ["protocol"] = "TCP" },
                new JsonObject { ["name"] = "admin-http", ["port"] = 9994, ["targetPort"] = 9994, ["protocol"] = "TCP" }),
        };
        context.Store.Put(web);
        context.Store.Put(HelmReleaseSecret.Build(linkerd.VizHelmRelease, ns, 1, "deployed", "linkerd-viz", LinkerdCrdsSeeder.ChartVersion, LinkerdCrdsSeeder.AppVersion, context.Time));

        _dashboard = await VizDashboard.StartAsync(cancellationToken);
        context.Proxies.Register("services", ns, "web", "8084", _dashboard.Address);
        context.Proxies.Register("services", ns, "web", "http", _dashboard.Address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }
    }
}
