using System.Collections;
using Deepthought.Protocols.Talos.Tls;
using Deepthought.Protos.Common;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using GrpcMetadata = Grpc.Core.Metadata;
using TalosMetadata = Deepthought.Protos.Common.Metadata;

namespace Deepthought.Twin.Talos;

/// <summary>
/// apid's director, as internal/app/apid does it: no target (or proxyfrom) → the local machined; <c>node</c> → one
/// target, reply passed through, failures as gRPC errors; <c>nodes</c> → one-to-many, one message per target with
/// <c>metadata.hostname</c>, failures as <c>metadata.error</c>. Forwarding needs a control-plane apid (workers hold no
/// client certificate) and carries the caller's roles in <c>talos-role</c>. RBAC is checked first.
/// </summary>
public sealed class ApidRouter(ApidCluster cluster)
{
    public async Task<TResponse> UnaryAsync<TResponse>(
        ServerCallContext context,
        Func<TwinNode, CancellationToken, Task<TResponse>> local,
        Func<GrpcChannel, CallOptions, Task<TResponse>> forward)
        where TResponse : class, IMessage<TResponse>, new()
    {
        var (peer, roles) = Authorize(context);
        var single = Values(context, "node");
        var many = Values(context, "nodes").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (context.RequestHeaders.Get("proxyfrom") is not null || (single.Count == 0 && many.Count == 0))
        {
            return await local(peer.Node, context.CancellationToken);
        }

        if (single.Count > 1)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "node metadata must be single-valued"));
        }

        if (single.Count == 1)
        {
            return await OneAsync(single[0], peer, roles, context, local, forward);
        }

        var parts = await Task.WhenAll(many.Select(async target =>
        {
            try
            {
                var reply = await OneAsync(target, peer, roles, context, local, forward);
                SetHostname(reply, target);
                return reply.ToByteArray();
            }
            catch (RpcException e)
            {
                var metadata = new TalosMetadata
                {
                    Hostname = target,
                    Error = $"rpc error: code = {e.StatusCode} desc = {e.Status.Detail}",
                    Status = new Protos.Rpc.Status { Code = (int)e.StatusCode, Message = e.Status.Detail },
                };
                return new EmptyResponse { Messages = { new Empty { Metadata = metadata } } }.ToByteArray();
            }
        }));
        var merged = new TResponse();
        foreach (var part in parts)
        {
            merged.MergeFrom(part);
        }

        return merged;
    }

    /// <summary>Routing for server-streaming calls (COSI): one target only, as apid refuses one-to-many for COSI.</summary>
    public async Task StreamAsync<TResponse>(
        ServerCallContext context,
        IServerStreamWriter<TResponse> writer,
        Func<TwinNode, CancellationToken, IAsyncEnumerable<TResponse>> local,
        Func<GrpcChannel, CallOptions, AsyncServerStreamingCall<TResponse>> forward)
    {
        var (peer, roles) = Authorize(context);
        if (Values(context, "nodes").Count > 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "one-2-many proxying is not supported for COSI methods"));
        }

        var single = Values(context, "node");
        if (single.Count > 1)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "node metadata must be single-valued"));
        }

        var target = context.RequestHeaders.Get("proxyfrom") is not null || single.Count == 0 ? peer.Node : Resolve(single[0], peer);
        if (target == peer.Node)
        {
            await foreach (var item in local(peer.Node, context.CancellationToken))
            {
                await writer.WriteAsync(item, context.CancellationToken);
            }

            return;
        }

        await ForwardAsync(target, single[0], async (channel, options) =>
        {
            using var call = forward(channel, options);
            while (await call.ResponseStream.MoveNext(context.CancellationToken))
            {
                await writer.WriteAsync(call.ResponseStream.Current, context.CancellationToken);
            }

            return true;
        }, roles, context);
    }

    private async Task<TResponse> OneAsync<TResponse>(
        string target,
        ApidPeer peer,
        IReadOnlyList<string> roles,
        ServerCallContext context,
        Func<TwinNode, CancellationToken, Task<TResponse>> local,
        Func<GrpcChannel, CallOptions, Task<TResponse>> forward)
    {
        var node = Resolve(target, peer);
        return node == peer.Node ? await local(node, context.CancellationToken) : await ForwardAsync(node, target, forward, roles, context);
    }

    private TwinNode Resolve(string target, ApidPeer peer)
    {
        var node = cluster.Find(target);
        if (node == peer.Node)
        {
            return node;
        }

        if (!peer.Node.IsControlPlane)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "no request forwarding"));
        }

        // Real apid would dial <target>:50000; the twin never sends traffic off loopback.
        return node ?? throw new RpcException(new Status(StatusCode.Unavailable,
            $"connection error: desc = \"transport: Error while dialing: dial tcp {target}:50000: connect: no route to host\""));
    }

    private async Task<T> ForwardAsync<T>(TwinNode node, string target, Func<GrpcChannel, CallOptions, Task<T>> call, IReadOnlyList<string> roles, ServerCallContext context)
    {
        var headers = new GrpcMetadata
        {
            { "talos-role", string.Join(",", roles) },
            { "proxyfrom", context.Host ?? "" },
        };
        var options = new CallOptions(headers, context.Deadline == DateTime.MaxValue ? null : context.Deadline, context.CancellationToken);
        try
        {
            return await call(cluster.ChannelTo(node), options);
        }
        catch (RpcException e) when (e.Status.DebugException is not null && Unreachable(e) is { } reason)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"connection error: desc = \"transport: Error while dialing: dial tcp {target}:50000: {reason}\""));
        }
        catch (RpcException e)
        {
            // Pass the upstream status through without its local debug details.
            throw new RpcException(new Status(e.StatusCode, e.Status.Detail));
        }
    }

    private static string? Unreachable(RpcException e)
    {
        for (var x = e.Status.DebugException; x is not null; x = x.InnerException)
        {
            if (x is TalosConnectionException c)
            {
                return c.Message.Contains("Connection refused", StringComparison.OrdinalIgnoreCase) ? "connect: connection refused" : c.Message;
            }
        }

        return null;
    }

    private static (ApidPeer Peer, IReadOnlyList<string> Roles) Authorize(ServerCallContext context)
    {
        var peer = context.GetHttpContext().Features.Get<ApidPeer>()
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "no client certificate"));
        IReadOnlyList<string> roles = peer.Organizations;
        if (roles.Contains(ApidRbac.Impersonator) && context.RequestHeaders.Get("talos-role") is { } forwarded)
        {
            roles = forwarded.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (!ApidRbac.Allows(context.Method, roles))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "not authorized"));
        }

        return (peer, roles);
    }

    private static List<string> Values(ServerCallContext context, string key) =>
        context.RequestHeaders.Where(h => h.Key == key && !h.IsBinary).Select(h => h.Value).ToList();

    // One-to-many replies name each element's target in metadata.hostname (field 1 of every element).
    private static void SetHostname(IMessage reply, string target)
    {
        var messages = reply.Descriptor.FindFieldByNumber(1);
        if (messages?.Accessor.GetValue(reply) is not IList list)
        {
            return;
        }

        foreach (IMessage element in list)
        {
            element.Descriptor.FindFieldByNumber(1)?.Accessor.SetValue(element, new TalosMetadata { Hostname = target });
        }
    }
}
