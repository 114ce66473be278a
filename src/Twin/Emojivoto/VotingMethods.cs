using Deepthought.Protos.Emojivoto;
using Grpc.Core;

namespace Deepthought.Twin.Emojivoto;

/// <summary>
/// The VotingService method definitions as generated from src/Protocols/Protos/emojivoto/voting.proto (captured through the
/// generated binder), so the server and web's client share one definition per rpc and map each to its emoji.
/// </summary>
public static class VotingMethods
{
    private static readonly Lazy<IReadOnlyDictionary<string, IMethod>> All = new(Capture);

    /// <summary>Every rpc of the service by name (VotePoop … VoteFloppyDisk, Results).</summary>
    public static IReadOnlyDictionary<string, IMethod> ByName => All.Value;

    public static Method<ResultsRequest, ResultsResponse> Results => (Method<ResultsRequest, ResultsResponse>)ByName["Results"];

    /// <summary>The Vote rpc counting an emoji, by shortcode (null for an unknown shortcode).</summary>
    public static Method<VoteRequest, VoteResponse>? VoteFor(string shortcode) =>
        EmojiCatalog.ByShortcode(shortcode) is { } e && ByName.TryGetValue(e.VoteMethod, out var m) ? (Method<VoteRequest, VoteResponse>)m : null;

    private static IReadOnlyDictionary<string, IMethod> Capture()
    {
        var binder = new CapturingBinder();
        VotingService.BindService(binder, null);
        return binder.Methods.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    private sealed class CapturingBinder : ServiceBinderBase
    {
        public List<IMethod> Methods { get; } = [];

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            Methods.Add(method);
    }
}
