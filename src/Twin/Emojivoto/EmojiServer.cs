using Deepthought.Protos.Emojivoto;
using Grpc.Core;

namespace Deepthought.Twin.Emojivoto;

/// <summary>emojivoto's emoji-svc: lists the poll's emojis and finds one by shortcode (Emoji unset when unknown).</summary>
public sealed class EmojiServer : EmojiService.EmojiServiceBase
{
    public override Task<ListAllEmojiResponse> ListAll(ListAllEmojiRequest request, ServerCallContext context)
    {
        var response = new ListAllEmojiResponse();
        response.List.AddRange(EmojiCatalog.All.Select(ToMessage));
        return Task.FromResult(response);
    }

    public override Task<FindByShortcodeResponse> FindByShortcode(FindByShortcodeRequest request, ServerCallContext context)
    {
        var found = EmojiCatalog.ByShortcode(request.Shortcode);
        return Task.FromResult(found is null ? new FindByShortcodeResponse() : new FindByShortcodeResponse { Emoji = ToMessage(found) });
    }

    private static Emoji ToMessage(EmojiEntry e) => new() { Shortcode = e.Shortcode, Unicode = e.Unicode };
}
