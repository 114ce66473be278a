using System.Runtime.CompilerServices;
using Deepthought.Protos.Cosi;
using Grpc.Core;

namespace Deepthought.Twin.Talos;

/// <summary>The COSI State API of a twin node (read-only; block resources in namespace runtime).</summary>
public sealed class CosiStateImpl(ApidCluster cluster, ApidRouter router) : State.StateBase
{
    public override Task List(ListRequest request, IServerStreamWriter<ListResponse> responseStream, ServerCallContext context) =>
        router.StreamAsync(context, responseStream, (node, ct) => Local(node, request, ct),
            (c, o) => new State.StateClient(c).List(request, o));

    public override Task<GetResponse> Get(GetRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "the twin serves COSI List only"));

    private async IAsyncEnumerable<ListResponse> Local(TwinNode node, ListRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var resource in cluster.Disks.List(node, request.Namespace, request.Type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ListResponse { Resource = resource };
        }

        await Task.CompletedTask;
    }
}
