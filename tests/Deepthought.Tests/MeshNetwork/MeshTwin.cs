using Deepthought.Checks.Probes;
using Deepthought.Protocols.Formats;
using Deepthought.Tests.Support;
using Deepthought.Twin.Cluster;
using Deepthought.Twin.Emojivoto;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubectl;
using Deepthought.Twin.Mesh;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>A <see cref="TestWorld"/> with only the parts the mesh needs (nodes and namespaces, emojivoto, the mesh, the workloads; the API server).</summary>
internal sealed class MeshTwin : IAsyncDisposable
{
    public static readonly Type[] SeedOnly = [typeof(ClusterSeeder), typeof(EmojivotoSeeder)];

    public static readonly Type[] Full = [typeof(ClusterSeeder), typeof(EmojivotoSeeder), typeof(MeshLayer), typeof(EmojivotoWorkloads)];

    private MeshTwin(TestWorld world)
    {
        World = world;
    }

    public TestWorld World { get; }

    public DeepthoughtTwin Twin => World.Twin;

    public TwinContext Context => Twin.Context;

    public Deepthought.Twin.Mesh.MeshNetwork Mesh => Context.Find<Deepthought.Twin.Mesh.MeshNetwork>()!;

    public EmojivotoWorkloads Workloads => Context.Find<EmojivotoWorkloads>()!;

    /// <param name="kubectl">Start the API server with kubectl support (tests that drive the real kubectl).</param>
    public static async Task<MeshTwin> StartAsync(string scenarios = "", TimeProvider? time = null, Type[]? components = null, bool kubectl = false)
    {
        var world = await TestWorld.StartAsync(new WorldOptions { Scenario = scenarios, Time = time ?? TimeProvider.System, Exclude = TestWorld.Only(components ?? Full), Kubectl = kubectl });
        return new MeshTwin(world);
    }

    public WorkloadIdentity Pod(string deployment) => Workloads.Pods[deployment];

    /// <summary>A client from outside the mesh (e.g. the gateway's Envoy) or from a pod.</summary>
    public HttpClient Client(WorkloadIdentity? from = null) => Mesh.ClientFor(from);

    /// <summary>Reads a pod's proxy metrics the way the harness does: through the admin URL registered for the API server's pod proxy.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(string deployment)
    {
        var text = await ScrapeTextAsync(Pod(deployment).Pod);
        return PrometheusText.Parse(text);
    }

    public async Task<string> ScrapeTextAsync(string pod)
    {
        var uri = Context.Proxies.Find("pods", "emojivoto", pod, "4191") ?? throw new InvalidOperationException($"pod {pod} has no admin port registered");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri(uri, "metrics"));
    }

    public ValueTask DisposeAsync() => World.DisposeAsync();
}

/// <summary>Label-set queries over parsed samples.</summary>
internal static class Samples
{
    public static double Sum(this IEnumerable<PrometheusSample> samples, string name, params (string Name, string Value)[] labels) =>
        samples.Where(s => s.Name == name && s.Matches(labels)).Sum(s => s.Value);
}
