using System.Net.Http.Headers;
using System.Text;
using Deepthought.Checks.Model;
using Deepthought.Protocols;

namespace Deepthought.Checks.Gateway;

/// <summary>One HTTP exchange through the gateway: the status (0 when no response), content type, body (truncated) or the transport error.</summary>
public sealed record HttpExchange(string Url, string Host, int Status, string ContentType, string Body, string Error, TimeSpan Elapsed)
{
    public bool Answered => Status > 0;

    /// <summary>"GET http://127.0.0.1:8080/api/list (Host emojivoto.deepthought.local) → 200 application/json".</summary>
    public string Summary =>
        $"GET {Url} (Host {Host}) → " + (Answered ? $"{Status}{(ContentType.Length > 0 ? $" {ContentType}" : "")}{(Status >= 400 && Body.Length > 0 ? $": {Snippet(Body)}" : "")}" : Error);

    private static string Snippet(string s) => (s.Length > 160 ? s[..160] + "…" : s).ReplaceLineEndings(" ").Trim();
}

/// <summary>
/// Plain HTTP to the gateway's external address, as a browser would: the route's hostname in the Host header, no
/// proxy, no redirects, a connect timeout and a per-request timeout. One client for the process (connection reuse).
/// </summary>
public static class GatewayHttp
{
    private const int MaxBody = 64 * 1024;

    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        AllowAutoRedirect = false,
        UseProxy = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each request has its own budget below
    };

    public static Task<HttpExchange> GetAsync(GatewayEndpoint endpoint, string host, string pathAndQuery, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        SendAsync(Client, new Uri(endpoint.BaseUri, pathAndQuery), host, null, timeout, time, cancellationToken);

    /// <summary>One GET with the given client (the API server's, with its credentials, for the service proxy).</summary>
    public static async Task<HttpExchange> SendAsync(HttpClient client, Uri url, string host, string? bearer, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var timer = Clock.StartTimer(time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = host;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        if (!string.IsNullOrEmpty(bearer))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, budget.Token);
            var body = await ReadLimitedAsync(response.Content, budget.Token);
            return new HttpExchange(url.ToString(), host, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "", body, "", timer.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HttpExchange(url.ToString(), host, 0, "", "", $"no answer within {timeout.TotalSeconds:0.#} s", timer.Elapsed);
        }
        catch (HttpRequestException e)
        {
            var cause = e.InnerException?.Message ?? e.Message;
            return new HttpExchange(url.ToString(), host, 0, "", "", $"unreachable ({cause})", timer.Elapsed);
        }
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBody];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
