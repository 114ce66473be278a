using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes.Api.Selectors;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// watch: a stream of <c>{"type":"ADDED|MODIFIED|DELETED|BOOKMARK","object":…}</c> lines from the store's changes.
/// Without a resourceVersion (or with sendInitialEvents) the current objects come first as ADDED; with one, every
/// change after it (410 Gone when it is older than the change window).
/// </summary>
public sealed partial class KubeApi
{
    private async Task WatchAsync(HttpContext ctx, Target t, Action started)
    {
        var negotiated = MediaTypes.Negotiate(ctx.Request.Headers.Accept);
        var labels = LabelSelector.Parse(ctx.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(ctx.Request.Query["fieldSelector"], t.Type);
        var name = t.Name.Length > 0 ? t.Name : null;
        bool Wanted(JsonObject o) =>
            (t.Ns is null || (string?)o["metadata"]?["namespace"] == t.Ns)
            && (name is null || (string?)o["metadata"]?["name"] == name)
            && labels.Matches(o) && fields.Matches(o);

        var rvText = ctx.Request.Query["resourceVersion"].ToString();
        var sendInitial = ctx.Request.Query["sendInitialEvents"].ToString() == "true";
        IReadOnlyList<JsonObject> initial = [];
        long from;
        if (rvText is "" or "0" || sendInitial)
        {
            (initial, from) = _store.ListWithVersion(t.Type, t.Ns);
        }
        else if (!long.TryParse(rvText, NumberStyles.Integer, CultureInfo.InvariantCulture, out from))
        {
            throw KubeApiException.BadRequest($"invalid resourceVersion \"{rvText}\"");
        }

        using var subscription = _feed.Subscribe(from)
            ?? throw new KubeApiException(410, "Expired", $"too old resource version: {from} ({_store.CurrentResourceVersion})");
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, Stopping);
        if (int.TryParse(ctx.Request.Query["timeoutSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var timeout) && timeout > 0)
        {
            end.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = negotiated.ContentType(list: false);
        await ctx.Response.StartAsync(end.Token);
        started();
        try
        {
            foreach (var o in initial.Where(Wanted))
            {
                await SendEventAsync(ctx, "ADDED", Render(ctx, o, t.Type, negotiated), end.Token);
            }

            if (sendInitial)
            {
                var bookmark = new JsonObject
                {
                    ["kind"] = t.Type.Kind,
                    ["apiVersion"] = t.Type.ApiVersion,
                    ["metadata"] = new JsonObject
                    {
                        ["resourceVersion"] = from.ToString(CultureInfo.InvariantCulture),
                        ["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" },
                    },
                };
                await SendEventAsync(ctx, "BOOKMARK", bookmark, end.Token);
            }

            await foreach (var change in subscription.Reader.ReadAllAsync(end.Token))
            {
                if (change.Resource.Group != t.Type.Group || change.Resource.Plural != t.Type.Plural)
                {
                    continue;
                }

                var obj = (JsonObject)change.Object.DeepClone();
                obj["apiVersion"] = t.Type.ApiVersion;
                obj["kind"] = t.Type.Kind;
                if (!Wanted(obj))
                {
                    continue;
                }

                await SendEventAsync(ctx, change.Type.ToString().ToUpperInvariant(), Render(ctx, obj, t.Type, negotiated), end.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed, the client left or the server stops: the stream simply ends.
        }
    }

    private JsonObject Render(HttpContext ctx, JsonObject obj, ResourceType type, Negotiated negotiated) => negotiated.Rendering switch
    {
        Rendering.Table => Table(ctx, [obj], type, negotiated, ResourceVersionOf(obj)),
        Rendering.Metadata => MediaTypes.PartialMetadata(obj, negotiated.Version),
        _ => obj,
    };

    private static async Task SendEventAsync(HttpContext ctx, string type, JsonObject obj, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await ctx.Response.Body.FlushAsync(cancellationToken);
    }
}
