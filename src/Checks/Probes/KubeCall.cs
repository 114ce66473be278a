using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using Deepthought.Checks.Model;
using Deepthought.Protocols;
using k8s.Autorest;

namespace Deepthought.Checks.Probes;

/// <summary>Runs one Kubernetes API call with a timeout and turns failures into a <see cref="ProbeException"/> that says what and where.</summary>
public static class KubeCall
{
    public static async Task<T> RunAsync<T>(ClusterConnections c, string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(c.RequestTimeout);
        var server = c.KubernetesConfiguration.Host;
        try
        {
            return await call(timeout.Token);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new ProbeException($"{what}: the API server {server} answered 403 Forbidden for context '{c.KubeContext}' — grant get/list on it (see profiles/rbac/auditor.yaml)", e);
        }
        catch (HttpOperationException e)
        {
            throw new ProbeException($"{what}: the API server {server} answered {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProbeException($"{what}: no answer from the API server {server} within {c.RequestTimeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            throw new ProbeException($"{what}: TLS with the API server {server} failed ({e.InnerException.Message}) — check certificate-authority-data in {c.KubeconfigPath}", e);
        }
        catch (HttpRequestException e)
        {
            throw new ProbeException($"{what}: the API server {server} is unreachable ({e.Message})", e);
        }
    }
}
