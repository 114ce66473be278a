using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.Twin.Kubernetes.Api.Selectors;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubectl.Watch;

/// <summary>
/// watch: a stream of <c>{"type":"ADDED|MODIFIED|DELETED|BOOKMARK","object":…}</c> lines from the store's changes.
/// Without a resourceVersion (or with sendInitialEvents) the current objects come first as ADDED; with one, every
/// change after it (410 Gone when it is older than the change window).
/// </summary>
public static class WatchStream
{
    // Quotes as \" rather than \u0022, like the core's JSON bodies.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task RunAsync(KubeWatch w, ChangeFeed feed)
    {
        var ctx = w.Http;
        var store = w.Store;
        var type = w.Type;
        var labels = LabelSelector.Parse(ctx.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(ctx.Request.Query["fieldSelector"], type);
        var name = w.Name.Length > 0 ? w.Name : null;
        bool Wanted(JsonObject o) =>
            (w.Namespace is null || (string?)o["metadata"]?["namespace"] == w.Namespace)
            && (name is null || (string?)o["metadata"]?["name"] == name)
            && labels.Matches(o) && fields.Matches(o);

        var rvText = ctx.Request.Query["resourceVersion"].ToString();
        var sendInitial = ctx.Request.Query["sendInitialEvents"].ToString() == "true";
        IReadOnlyList<JsonObject> initial = [];
        long from;
        if (rvText is "" or "0" || sendInitial)
        {
            (initial, from) = store.ListWithVersion(type, w.Namespace);
        }
        else if (!long.TryParse(rvText, NumberStyles.Integer, CultureInfo.InvariantCulture, out from))
        {
            throw KubeApiException.BadRequest($"invalid resourceVersion \"{rvText}\"");
        }

        using var subscription = feed.Subscribe(from)
            ?? throw new KubeApiException(410, "Expired", $"too old resource version: {from} ({store.CurrentResourceVersion})");
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, w.Stopping);
        if (int.TryParse(ctx.Request.Query["timeoutSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var timeout) && timeout > 0)
        {
            end.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = w.ContentType;
        await ctx.Response.StartAsync(end.Token);
        w.Started();
        try
        {
            foreach (var o in initial.Where(Wanted))
            {
                await SendEventAsync(ctx, "ADDED", w.Render(o), end.Token);
            }

            if (sendInitial)
            {
                var bookmark = new JsonObject
                {
                    ["kind"] = type.Kind,
                    ["apiVersion"] = type.ApiVersion,
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
                if (change.Resource.Group != type.Group || change.Resource.Plural != type.Plural)
                {
                    continue;
                }

                var obj = (JsonObject)change.Object.DeepClone();
                obj["apiVersion"] = type.ApiVersion;
                obj["kind"] = type.Kind;
                if (!Wanted(obj))
                {
                    continue;
                }

                await SendEventAsync(ctx, change.Type.ToString().ToUpperInvariant(), w.Render(obj), end.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed, the client left or the server stops: the stream simply ends.
        }
    }

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
