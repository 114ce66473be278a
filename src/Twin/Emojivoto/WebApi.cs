using System.Text.Json;
using System.Text.Json.Nodes;
using Deepthought.Protos.Emojivoto;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Emojivoto;

/// <summary>
/// emojivoto-web v11's HTTP API (stack-facts §9): /api/list, /api/vote?choice=, /api/leaderboard, calling emoji-svc
/// and voting-svc over gRPC through the caller's <see cref="HttpClient"/> (the web pod's view of the mesh).
/// </summary>
public sealed class WebApi : IDisposable
{
    private const string JsonType = "application/json; charset=UTF-8";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private readonly GrpcChannel _emoji;
    private readonly GrpcChannel _voting;
    private readonly EmojiService.EmojiServiceClient _emojiClient;

    /// <param name="http">The web pod's client (its outbound proxy).</param>
    /// <param name="emojiHost">EMOJISVC_HOST, e.g. emoji-svc.emojivoto:8080.</param>
    /// <param name="votingHost">VOTINGSVC_HOST, e.g. voting-svc.emojivoto:8080.</param>
    public WebApi(HttpClient http, string emojiHost, string votingHost)
    {
        _emoji = GrpcChannel.ForAddress($"http://{emojiHost}", new GrpcChannelOptions { HttpClient = http, DisposeHttpClient = false });
        _voting = GrpcChannel.ForAddress($"http://{votingHost}", new GrpcChannelOptions { HttpClient = http, DisposeHttpClient = false });
        _emojiClient = new EmojiService.EmojiServiceClient(_emoji);
    }

    public async Task ListAsync(HttpContext ctx)
    {
        try
        {
            var all = await _emojiClient.ListAllAsync(new ListAllEmojiRequest(), Options(ctx));
            await WriteJson(ctx, 200, new JsonArray(all.List.Select(e => (JsonNode)EmojiJson(e)).ToArray()));
        }
        catch (RpcException e)
        {
            await WriteError(ctx, 500, GoError(e));
        }
    }

    public async Task VoteAsync(HttpContext ctx)
    {
        var choice = ctx.Request.Query["choice"].ToString();
        if (choice.Length == 0 && ctx.Request.HasFormContentType)
        {
            choice = (await ctx.Request.ReadFormAsync(ctx.RequestAborted))["choice"].ToString();
        }

        if (choice.Length == 0)
        {
            await WriteError(ctx, 400, $"Emoji choice [{choice}] is mandatory");
            return;
        }

        try
        {
            var found = await _emojiClient.FindByShortcodeAsync(new FindByShortcodeRequest { Shortcode = choice }, Options(ctx));
            var method = found.Emoji is null ? null : VotingMethods.VoteFor(choice);
            if (method is null)
            {
                await WriteError(ctx, 400, $"Choosen emoji shortcode [{choice}] doesnt exist");
                return;
            }

            await _voting.CreateCallInvoker().AsyncUnaryCall(method, null, Options(ctx), new VoteRequest());
            ctx.Response.StatusCode = 200;
        }
        catch (RpcException e)
        {
            await WriteError(ctx, 500, GoError(e));
        }
    }

    public async Task LeaderboardAsync(HttpContext ctx)
    {
        try
        {
            var results = await _voting.CreateCallInvoker().AsyncUnaryCall(VotingMethods.Results, null, Options(ctx), new ResultsRequest());
            var board = new JsonArray();
            foreach (var r in results.Results)
            {
                var found = await _emojiClient.FindByShortcodeAsync(new FindByShortcodeRequest { Shortcode = r.Shortcode }, Options(ctx));
                if (found.Emoji is not null)
                {
                    var entry = EmojiJson(found.Emoji);
                    entry["votes"] = r.Votes.ToString(System.Globalization.CultureInfo.InvariantCulture); // a string, as upstream
                    board.Add(entry);
                }
            }

            await WriteJson(ctx, 200, board);
        }
        catch (RpcException e)
        {
            await WriteError(ctx, 500, GoError(e));
        }
    }

    /// <summary>How grpc-go prints a client error: <c>rpc error: code = PermissionDenied desc = ...</c>.</summary>
    public static string GoError(RpcException e) =>
        $"rpc error: code = {(e.StatusCode == StatusCode.Cancelled ? "Canceled" : e.StatusCode.ToString())} desc = {e.Status.Detail}";

    private static CallOptions Options(HttpContext ctx)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        cts.CancelAfter(CallTimeout);
        ctx.Response.RegisterForDispose(cts);
        return new CallOptions(cancellationToken: cts.Token);
    }

    private static JsonObject EmojiJson(Emoji e) => new() { ["shortcode"] = e.Shortcode, ["unicode"] = e.Unicode };

    private static Task WriteError(HttpContext ctx, int status, string message) => WriteJson(ctx, status, new JsonObject { ["error"] = message });

    private static async Task WriteJson(HttpContext ctx, int status, JsonNode body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = JsonType;
        await ctx.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), ctx.RequestAborted);
    }

    public void Dispose()
    {
        _emoji.Dispose();
        _voting.Dispose();
    }
}
