using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// The forms of the Kubernetes API that only kubectl uses, plugged into the twin's API server by the
/// Deepthought.Twin.Kubectl module (<c>KubectlSupport</c>): Table rendering, protobuf request bodies, the OpenAPI
/// documents, the patch flavours and the HTTP watch. The core serves what the harness itself asks for (JSON reads and
/// writes, metadata-only lists, discovery, access reviews, the proxy, health). Without the module those requests get
/// the refusal a real API server gives for a form it does not support (406, 415, 405, 404), saying how to get it.
/// </summary>
public interface IKubeApiExtension : IDisposable
{
    /// <summary>Renders objects as a meta.k8s.io Table of <paramref name="tableVersion"/> (v1 or v1beta1).</summary>
    JsonObject Table(IReadOnlyList<JsonObject> items, ResourceType type, JsonObject? crd, string tableVersion, string includeObject, long resourceVersion, DateTimeOffset now);

    /// <summary>A protobuf request body ("k8s\0" envelope) as JSON; null when its kind is not one the module reads.</summary>
    JsonObject? DecodeProtobuf(byte[] body);

    /// <summary>How a PATCH of this media type changes a document; throws 415 for a media type it does not apply.</summary>
    Func<JsonObject, JsonNode?, JsonNode?> Patch(string mediaType);

    /// <summary>A document under /openapi (path after "openapi", e.g. ["v3"] or ["v3", "apis", "apps", "v1"]); null when none is served there.</summary>
    JsonObject? OpenApi(IReadOnlyList<ResourceType> types, IReadOnlyList<string> path);

    /// <summary>Streams a watch (?watch=true) until it times out, the client leaves or the server stops.</summary>
    Task WatchAsync(KubeWatch watch);
}

/// <summary>One watch request as the core authorized it: what to watch, how to render each object, when it started.</summary>
/// <param name="Http">The request and its response stream.</param>
/// <param name="Type">The watched resource type.</param>
/// <param name="Namespace">The store's namespace (null: every namespace, or a cluster-scoped type).</param>
/// <param name="Name">The one object watched (metadata.name field), or empty.</param>
/// <param name="Store">The object store the changes come from.</param>
/// <param name="ContentType">The negotiated response Content-Type.</param>
/// <param name="Render">Renders one object as negotiated (the object, a Table or its metadata).</param>
/// <param name="Started">Records the request in the request log once the stream starts.</param>
/// <param name="Stopping">Cancelled when the server stops.</param>
public sealed record KubeWatch(
    HttpContext Http,
    ResourceType Type,
    string? Namespace,
    string Name,
    KubeStore Store,
    string ContentType,
    Func<JsonObject, JsonObject> Render,
    Action Started,
    CancellationToken Stopping);

/// <summary>What the twin says when it was started without the kubectl module and a kubectl-only form is asked for.</summary>
public static class KubectlSupportMissing
{
    public const string Hint =
        "the twin was started without kubectl support (tables, protobuf bodies, OpenAPI, patches and watch live in Deepthought.Twin.Kubectl; a conformance run does not load it): start the twin with `deepthought twin` to use kubectl against it";
}
