using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// watch (?watch=true): streamed by the kubectl module (<see cref="IKubeApiExtension.WatchAsync"/>); the harness
/// never watches, so without the module the verb is refused as a real server refuses a verb a resource does not support.
/// </summary>
public sealed partial class KubeApi
{
    private Task WatchAsync(HttpContext ctx, Target t, Action started)
    {
        if (_kubectl is null)
        {
            throw KubeApiException.MethodNotSupported(t.Group, t.Resource, "watch", KubectlSupportMissing.Hint);
        }

        var negotiated = MediaTypes.Negotiate(ctx.Request.Headers.Accept, tables: true);

        return _kubectl.WatchAsync(new KubeWatch(
            ctx, t.Type, t.Ns, t.Name, _store, negotiated.ContentType(list: false), o => Render(ctx, o, t.Type, negotiated), started, Stopping));
    }
}
