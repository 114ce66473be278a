using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubectl;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.Twin.Scenarios;
using Xunit;
using k8s;
using k8s.Autorest;

namespace Deepthought.Tests.Kubernetes;

/// <summary>
/// One healthy <see cref="TestWorld"/> for the API server tests, with KubernetesClient clients for both identities
/// of its kubeconfig, with kubectl support (Deepthought.Twin.Kubectl) as `deepthought twin` starts it. Tests share
/// it, so each uses its own object names.
/// </summary>
public sealed class KubeTwinFixture : IAsyncLifetime
{
    public static string RepoRoot => Repo.Root;

    public TestWorld World { get; private set; } = null!;

    public DeepthoughtTwin Twin => World.Twin;

    public IKubernetes Admin { get; private set; } = null!;

    public IKubernetes Auditor { get; private set; } = null!;

    public RequestLog Log => World.Log;

    public TimeSpan StartTime { get; private set; }

    public static ClusterProfile Profile() => Repo.LoadProfile();

    public async Task InitializeAsync()
    {
        var clock = Clock.StartTimer(TimeProvider.System);
        World = await TestWorld.StartAsync(new WorldOptions { Kubectl = true });
        StartTime = clock.Elapsed;
        Admin = Client("admin@deepthought");
        Auditor = Client("auditor@deepthought");
    }

    public IKubernetes Client(string context) => World.Client(context);

    /// <summary>A raw request through a client's authenticated HttpClient (custom Accept headers, proxy paths).</summary>
    public static async Task<(int Status, string Body, string ContentType)> SendAsync(IKubernetes client, HttpMethod method, string path, string? accept = null, HttpContent? content = null)
    {
        var k = (k8s.Kubernetes)client;
        using var request = new HttpRequestMessage(method, new Uri(k.BaseUri, path)) { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.Clear();
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await k.HttpClient.SendAsync(request, timeout.Token);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token), response.Content.Headers.ContentType?.ToString() ?? "");
    }

    /// <summary>The Status body of a failed KubernetesClient call.</summary>
    public static JsonObject StatusOf(HttpOperationException e) => JsonNode.Parse(e.Response.Content)!.AsObject();

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        Auditor?.Dispose();
        if (World is not null)
        {
            await World.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KubeTwinCollection : ICollectionFixture<KubeTwinFixture>
{
    public const string Name = "kube-twin";
}

/// <summary>Content for a JSON body with a given media type (patch kinds).</summary>
public static class Body
{
    public static StringContent Json(string json, string mediaType = "application/json")
    {
        var content = new StringContent(json);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }
}
