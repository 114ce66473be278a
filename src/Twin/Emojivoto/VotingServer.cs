using System.Collections.Concurrent;
using Deepthought.Protos.Emojivoto;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Deepthought.Twin.Emojivoto;

/// <summary>The poll's state: votes per shortcode (the voting service keeps them in memory, like upstream).</summary>
public sealed class VotingState
{
    private readonly ConcurrentDictionary<string, int> _votes = new(StringComparer.Ordinal);

    public void Vote(string shortcode) => _votes.AddOrUpdate(shortcode, 1, (_, n) => n + 1);

    public int Votes(string shortcode) => _votes.GetValueOrDefault(shortcode);

    /// <summary>Results by votes, most first (ties by shortcode, for stable output).</summary>
    public IReadOnlyList<VotingResult> Results() =>
        _votes.ToArray()
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new VotingResult { Shortcode = kv.Key, Votes = kv.Value })
            .ToList();
}

/// <summary>
/// emojivoto's voting-svc v11: one Vote rpc per emoji and Results. VoteDoughnut always fails with "ERROR" (an
/// intentional demo failure in v11: web answers 500 for :doughnut:).
/// </summary>
public sealed class VotingServer(VotingState state)
{
    public Task<VoteResponse> VoteAsync(string method)
    {
        var emoji = EmojiCatalog.ByVoteMethod(method) ?? throw new RpcException(new Status(StatusCode.Unimplemented, $"method {method} not implemented"));
        if (emoji.Shortcode == EmojiCatalog.Doughnut)
        {
            // Go's handler returns fmt.Errorf("ERROR"): grpc-go sends it as code Unknown.
            throw new RpcException(new Status(StatusCode.Unknown, "ERROR"));
        }

        state.Vote(emoji.Shortcode);
        return Task.FromResult(new VoteResponse());
    }

    public Task<ResultsResponse> ResultsAsync()
    {
        var response = new ResultsResponse();
        response.Results.AddRange(state.Results());
        return Task.FromResult(response);
    }
}

/// <summary>Binds every VotingService rpc to <see cref="VotingServer"/> (a hundred Vote rpcs share one implementation).</summary>
internal sealed class VotingMethodProvider : IServiceMethodProvider<VotingServer>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<VotingServer> context)
    {
        foreach (var (name, method) in VotingMethods.ByName)
        {
            if (method is Method<VoteRequest, VoteResponse> vote)
            {
                context.AddUnaryMethod(vote, [], (server, _, _) => server.VoteAsync(name));
            }
            else if (method is Method<ResultsRequest, ResultsResponse> results)
            {
                context.AddUnaryMethod(results, [], (server, _, _) => server.ResultsAsync());
            }
        }
    }
}
