using Deepthought.Protocols.Talos.Tls;
using Grpc.Core;

namespace Deepthought.Checks.Talos;

/// <summary>Turns gRPC failures into sentences: which node, through which endpoint, what was seen, what to try.</summary>
public sealed partial class TalosClient
{
    internal static TalosConnectionException? ConnectionFailure(RpcException e)
    {
        for (Exception? x = e.Status.DebugException; x is not null; x = x.InnerException)
        {
            if (x is TalosConnectionException c)
            {
                return c;
            }

            if (x is AggregateException a && a.InnerExceptions.OfType<TalosConnectionException>().FirstOrDefault() is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static IEnumerable<Exception> Causes(RpcException e)
    {
        for (var x = e.Status.DebugException; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }

    private TalosCallException Explain(RpcException e, string node, string method, string endpoint)
    {
        var connection = ConnectionFailure(e);
        var detail = string.IsNullOrWhiteSpace(e.Status.Detail) ? e.StatusCode.ToString() : e.Status.Detail;
        // A deadline can surface as DeadlineExceeded, or as a cancelled connection attempt (Internal/Unavailable).
        var timedOut = e.StatusCode == StatusCode.DeadlineExceeded || Causes(e).Any(x => x is OperationCanceledException or TimeoutException);
        var message = connection is not null
            ? connection.Message
            : timedOut
            ? $"no answer from node {node} through endpoint {endpoint} within {CallTimeout.TotalSeconds:0.#} s ({method})"
            : e.StatusCode switch
            {
                StatusCode.DeadlineExceeded =>
                    $"no answer from node {node} through endpoint {endpoint} within {CallTimeout.TotalSeconds:0.#} s ({method})",
                StatusCode.Unavailable =>
                    $"node {node} did not answer through endpoint {endpoint}: {detail} ({method}) — check that apid runs there: talosctl -n {node} -e {node} version",
                StatusCode.Unimplemented =>
                    $"{method} is not available on node {node}: {detail}",
                StatusCode.PermissionDenied =>
                    $"{method} on node {node} was denied by endpoint {endpoint}: {detail} — the talosconfig context '{Config.Context}' lacks the role for it",
                _ => $"{method} on node {node} through endpoint {endpoint} failed: {e.StatusCode}: {detail}",
            };
        return new TalosCallException(node, method, message, connection is null ? e.StatusCode : null, e);
    }
}
