using System.Net;
using System.Net.Http.Headers;

namespace Deepthought.Twin.Kubelet;

/// <summary>
/// What the probe container does: one unary gRPC call with an empty message over plaintext HTTP/2 (its Linkerd proxy
/// adds mTLS), reporting the gRPC status as "grpc-status=&lt;code&gt; &lt;NAME&gt;[: message]" — the line it writes to
/// /dev/termination-log. Raw HTTP/2 rather than a generated client: the probe needs no protos to ask for a status.
/// </summary>
internal static class GrpcProbeCall
{
    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    public static string Name(int code) => code >= 0 && code < Names.Length ? Names[code] : "UNKNOWN";

    public static string Format(int code, string message) => $"grpc-status={code} {Name(code)}" + (message.Length > 0 ? $": {message}" : "");

    public static async Task<(int Code, string Message)> InvokeAsync(HttpClient client, string target, string method, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://{target}/{method.TrimStart('/')}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]), // uncompressed frame, zero-length message
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, budget.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (FromHttp(response.StatusCode), $"HTTP {(int)response.StatusCode} from {target}");
            }

            if (Status(response.Headers) is { } trailersOnly)
            {
                return trailersOnly;
            }

            await response.Content.CopyToAsync(Stream.Null, budget.Token);
            return Status(response.TrailingHeaders) ?? (13, "the server sent no grpc-status");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (4, $"no answer from {target} within {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return (14, $"connection to {target} failed: {e.Message}");
        }
    }

    private static (int, string)? Status(HttpHeaders headers) =>
        headers.TryGetValues("grpc-status", out var values) && int.TryParse(values.FirstOrDefault(), out var code)
            ? (code, headers.TryGetValues("grpc-message", out var m) ? Uri.UnescapeDataString(m.FirstOrDefault() ?? "") : "")
            : null;

    /// <summary>gRPC's mapping of HTTP statuses when a proxy answers instead of the server.</summary>
    private static int FromHttp(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => 13,
        HttpStatusCode.Unauthorized => 16,
        HttpStatusCode.Forbidden => 7,
        HttpStatusCode.NotFound => 12,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => 14,
        _ => 2,
    };
}
