using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>How a response is rendered: the object itself, a Table, or metadata only (PartialObjectMetadata[List]).</summary>
public enum Rendering
{
    Object,
    Table,
    Metadata,
}

/// <summary>The negotiated rendering and its meta.k8s.io version (v1 or v1beta1).</summary>
public sealed record Negotiated(Rendering Rendering, string Version)
{
    public static Negotiated Json { get; } = new(Rendering.Object, "v1");

    /// <summary>The response Content-Type, with the as/g/v parameters clients check.</summary>
    public string ContentType(bool list) => Rendering switch
    {
        Rendering.Table => $"application/json;as=Table;v={Version};g=meta.k8s.io",
        Rendering.Metadata => $"application/json;as={(list ? "PartialObjectMetadataList" : "PartialObjectMetadata")};v={Version};g=meta.k8s.io",
        _ => "application/json",
    };
}

/// <summary>Accept-header negotiation like the API server's: the first listed media type the twin can produce wins.</summary>
public static class MediaTypes
{
    /// <summary>
    /// The first producible entry of <paramref name="accept"/>; Tables only with <paramref name="tables"/> (the kubectl
    /// module renders them). 406 when nothing listed can be produced.
    /// </summary>
    public static Negotiated Negotiate(string? accept, bool tables)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return Negotiated.Json;
        }

        foreach (var entry in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(';', StringSplitOptions.TrimEntries);
            var media = parts[0].ToLowerInvariant();
            if (media is not ("application/json" or "*/*" or "application/*"))
            {
                continue; // protobuf, yaml, cbor: not produced here
            }

            var p = parts.Skip(1).Select(x => x.Split('=', 2)).Where(x => x.Length == 2)
                .ToDictionary(x => x[0].Trim().ToLowerInvariant(), x => x[1].Trim(), StringComparer.Ordinal);
            if (!p.TryGetValue("as", out var kind))
            {
                return Negotiated.Json;
            }

            var version = p.GetValueOrDefault("v", "v1");
            var group = p.GetValueOrDefault("g", "");
            if (group != "meta.k8s.io" || version is not ("v1" or "v1beta1"))
            {
                continue; // e.g. aggregated discovery (apidiscovery.k8s.io): clients fall back to the legacy documents
            }

            switch (kind)
            {
                case "Table" when tables:
                    return new Negotiated(Rendering.Table, version);
                case "PartialObjectMetadata" or "PartialObjectMetadataList":
                    return new Negotiated(Rendering.Metadata, version);
            }
        }

        throw tables
            ? new KubeApiException(406, "NotAcceptable", $"only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io (asked: {accept})")
            : new KubeApiException(406, "NotAcceptable", $"only the following media types are accepted: application/json, application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io (asked: {accept}); {KubectlSupportMissing.Hint}");
    }

    /// <summary>An object reduced to its metadata, as kind PartialObjectMetadata.</summary>
    public static JsonObject PartialMetadata(JsonObject item, string version) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = $"meta.k8s.io/{version}",
        ["metadata"] = item["metadata"]?.DeepClone() ?? new JsonObject(),
    };
}
