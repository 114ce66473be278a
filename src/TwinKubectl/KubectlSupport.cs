using System.Text.Json.Nodes;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubectl.Patching;
using Deepthought.Twin.Kubectl.Tables;
using Deepthought.Twin.Kubectl.Watch;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Kubernetes.Api;

namespace Deepthought.Twin.Kubectl;

/// <summary>
/// kubectl support for the twin's API server: Tables (<c>kubectl get</c>), the protobuf bodies of kubectl's typed
/// commands, the OpenAPI v3 documents (<c>kubectl apply</c>'s field validation), the four patch flavours and the HTTP
/// watch. <c>deepthought twin</c> and the kubectl tests start the twin <see cref="With"/> it; a conformance run does not.
/// </summary>
public sealed class KubectlSupport : IKubeApiExtension
{
    private readonly KubeStore _store;
    private readonly ChangeFeed _feed;

    private KubectlSupport(KubeStore store)
    {
        _store = store;
        _feed = new ChangeFeed(store);
    }

    /// <summary>The factory for <see cref="TwinOptions.KubeApiExtension"/>: one instance per twin (its change feed follows that twin's store).</summary>
    public static IKubeApiExtension Create(KubeStore store) => new KubectlSupport(store);

    /// <summary>The options with kubectl support switched on.</summary>
    public static TwinOptions With(TwinOptions options) => options with { KubeApiExtension = Create };

    public JsonObject Table(IReadOnlyList<JsonObject> items, ResourceType type, JsonObject? crd, string tableVersion, string includeObject, long resourceVersion, DateTimeOffset now) =>
        TableBuilder.Build(items, type, crd, tableVersion, includeObject, resourceVersion, now);

    public JsonObject? DecodeProtobuf(byte[] body) => ProtobufBodies.Decode(body);

    public Func<JsonObject, JsonNode?, JsonNode?> Patch(string mediaType) => mediaType switch
    {
        "application/merge-patch+json" => (doc, p) => MergePatch.Apply(doc, p),
        "application/strategic-merge-patch+json" => (doc, p) => StrategicMergePatch.Apply(doc, p),
        "application/json-patch+json" => (doc, p) => JsonPatch.Apply(doc, p),
        "application/apply-patch+yaml" or "application/apply-patch+json" => (doc, p) => StrategicMergePatch.Apply(doc, p),
        _ => throw new KubeApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
    };

    public JsonObject? OpenApi(IReadOnlyList<ResourceType> types, IReadOnlyList<string> path) => path.ToArray() switch
    {
        ["v3"] => OpenApiDocs.Index(types),
        ["v3", .. var gv] => OpenApiDocs.GroupVersion(types, string.Join('/', gv)),
        _ => null,
    };

    public Task WatchAsync(KubeWatch watch) =>
        watch.Store == _store ? WatchStream.RunAsync(watch, _feed) : throw new InvalidOperationException("a watch of another twin's store");

    public void Dispose() => _feed.Dispose();
}
