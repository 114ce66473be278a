using Deepthought.Twin.Hosting;
using Grpc.Core;
using Grpc.Net.Client;

namespace Deepthought.Twin.Mesh;

/// <summary>The outcome of a probe call: the gRPC status and its message.</summary>
public sealed record GrpcProbeResult(StatusCode Status, string Detail)
{
    public override string ToString() => $"code = {Status} desc = {Detail}";
}

/// <summary>
/// A grpcurl-like unary call with an empty request message from any pod of the twin, e.g. a harness probe pod
/// running <c>grpcurl -plaintext voting-svc.emojivoto:8080 emojivoto.v1.VotingService/VoteDog</c>: the twin's
/// kubelet calls this with the probe pod's identity and reports the status as the pod's result.
/// </summary>
public static class MeshGrpcProbe
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <param name="address">e.g. <c>http://voting-svc.emojivoto:8080</c>.</param>
    /// <param name="fullMethod">e.g. <c>emojivoto.v1.VotingService/VoteDog</c> (a leading slash is allowed).</param>
    public static async Task<GrpcProbeResult> CallAsync(ITwinNetwork network, WorkloadIdentity? from, Uri address, string fullMethod, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var parts = fullMethod.TrimStart('/').Split('/');
        if (parts.Length != 2)
        {
            throw new ArgumentException($"expected <package.Service>/<Method>, got '{fullMethod}'", nameof(fullMethod));
        }

        using var http = network.ClientFor(from);
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpClient = http, DisposeHttpClient = false });
        var method = new Method<byte[], byte[]>(MethodType.Unary, parts[0], parts[1], Bytes, Bytes);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout); // a local timeout, not a gRPC deadline: deadlines are wall-clock by protocol
        try
        {
            using var call = channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(cancellationToken: limit.Token), []);
            await call.ResponseAsync;
            return new GrpcProbeResult(StatusCode.OK, "");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new GrpcProbeResult(StatusCode.DeadlineExceeded, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (RpcException e)
        {
            return new GrpcProbeResult(e.StatusCode, e.Status.Detail);
        }
    }
}
