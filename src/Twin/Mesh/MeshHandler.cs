using System.Diagnostics;
using System.Net;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Mesh.Metrics;
using Deepthought.Twin.Mesh.Policy;

namespace Deepthought.Twin.Mesh;

/// <summary>
/// A request's trip through the mesh as seen from one pod: cluster DNS → an endpoint; the caller's outbound proxy
/// (when meshed) and the callee's inbound proxy (when meshed) count it; the callee's proxy enforces the Linkerd
/// policy and answers a denied request itself (gRPC: 200 + grpc-status 7; HTTP: 403), like linkerd2-proxy.
/// </summary>
internal sealed class MeshHandler(MeshNetwork mesh, WorkloadIdentity? from) : HttpMessageHandler
{
    public const string ProxyErrorHeader = "l5d-proxy-error";

    public const string ClientIdHeader = "l5d-client-id";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("the twin network needs absolute request URIs");
        var endpoint = mesh.Resolve(uri, from);
        var edge = mesh.EdgeFor(from, endpoint);
        var grpc = request.Content?.Headers.ContentType?.MediaType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) ?? false;
        var started = Stopwatch.GetTimestamp();

        edge.Caller?.Metrics.Increment(MetricFamilies.RequestTotal, edge.Outbound);
        Labels? inbound = null;
        if (edge.Callee is { } callee)
        {
            var decision = PolicyEvaluator.Evaluate(mesh.Policy.Active, edge.CalleeFacts, endpoint.TargetPort, edge.Client, mesh.ControlNamespace, mesh.ClusterDomain);
            inbound = edge.Inbound(decision);
            callee.Metrics.Increment(MetricFamilies.RequestTotal, inbound);
            if (!decision.Allowed)
            {
                callee.Metrics.Increment(MetricFamilies.AuthzDeny, edge.AuthzDenyLabels(decision));
                var denied = Denied(request, grpc);
                Record(edge, inbound, denied, grpc, started);
                return denied;
            }

            callee.Metrics.Increment(MetricFamilies.AuthzAllow, edge.AuthzAllowLabels(decision));
        }

        var authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        request.RequestUri = new UriBuilder(endpoint.Target) { Path = uri.AbsolutePath, Query = uri.Query.TrimStart('?') }.Uri;
        request.Headers.Host ??= authority; // a Host the caller set (e.g. Envoy forwarding the route's hostname) is kept
        request.Headers.Remove(ClientIdHeader); // only the inbound proxy may say who the client is
        if (edge.Callee is not null && edge.Tls.Tls)
        {
            request.Headers.TryAddWithoutValidation(ClientIdHeader, edge.Tls.ClientId);
        }

        if (grpc || request.Version.Major >= 2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact; // h2c with prior knowledge, like gRPC between proxies
        }
        else
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        HttpResponseMessage response;
        try
        {
            response = await edge.Invoker.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (edge.Caller is not null)
        {
            // A meshed caller's proxy answers for an unreachable endpoint.
            response = Synthetic(request, HttpStatusCode.BadGateway, grpc, 14, $"connection to {endpoint.Service} failed: {e.Message}");
            Record(edge, inbound, response, grpc, started);
            return response;
        }

        Record(edge, inbound, response, grpc, started);
        return response;
    }

    private static HttpResponseMessage Denied(HttpRequestMessage request, bool grpc) =>
        Synthetic(request, HttpStatusCode.Forbidden, grpc, 7, PolicyDecision.DeniedMessage);

    /// <summary>A proxy-made response: gRPC clients get a trailers-only 200 with grpc-status, others the HTTP status; both carry l5d-proxy-error.</summary>
    private static HttpResponseMessage Synthetic(HttpRequestMessage request, HttpStatusCode status, bool grpc, int grpcStatus, string message)
    {
        var response = new HttpResponseMessage(grpc ? HttpStatusCode.OK : status)
        {
            RequestMessage = request,
            Version = grpc ? HttpVersion.Version20 : HttpVersion.Version11,
            Content = new ByteArrayContent([]),
        };
        response.Headers.TryAddWithoutValidation(ProxyErrorHeader, message);
        if (grpc)
        {
            response.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
            response.Headers.TryAddWithoutValidation("grpc-status", $"{grpcStatus}");
            response.Headers.TryAddWithoutValidation("grpc-message", message);
        }

        response.Content.Headers.ContentLength = 0;
        return response;
    }

    /// <summary>Latency at the response headers; response_total when the body ends (the gRPC status may be in the trailers).</summary>
    private static void Record(MeshEdge edge, Labels? inbound, HttpResponseMessage response, bool grpc, long started)
    {
        var status = $"{(int)response.StatusCode}";
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        edge.Caller?.Metrics.Observe(MetricFamilies.ResponseLatency, edge.Outbound.With(("status_code", status)), ms);
        if (inbound is not null)
        {
            edge.Callee?.Metrics.Observe(MetricFamilies.ResponseLatency, inbound.With(("status_code", status)), ms);
        }

        void Count()
        {
            var grpcStatus = grpc ? GrpcStatus(response) : "";
            var failure = grpc ? grpcStatus is not ("0" or "") : (int)response.StatusCode >= 500;
            var extra = new[] { ("status_code", status), ("classification", failure ? "failure" : "success"), ("grpc_status", grpcStatus), ("error", "") };
            edge.Caller?.Metrics.Increment(MetricFamilies.ResponseTotal, edge.Outbound.With(extra));
            if (inbound is not null)
            {
                edge.Callee?.Metrics.Increment(MetricFamilies.ResponseTotal, inbound.With(extra));
            }
        }

        response.Content = new ObservedContent(response.Content, Count);
    }

    private static string GrpcStatus(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("grpc-status", out var h))
        {
            return h.First();
        }

        return response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First() : "";
    }
}
