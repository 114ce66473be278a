using Deepthought.Checks.Policy;

namespace Deepthought.Fixtures.Acceptance;

/// <summary>What a sweep removed and what it could not remove (with the error), plus the command that finishes the job.</summary>
public sealed record SweepReport(IReadOnlyList<string> Removed, IReadOnlyList<string> Left, IReadOnlyList<string> Errors)
{
    public bool Clean => Left.Count == 0 && Errors.Count == 0;
}

/// <summary>
/// Removes everything labelled app.kubernetes.io/managed-by=deepthought-conformance, of every kind acceptance writes,
/// in every namespace — what an interrupted earlier run (killed before its cleanup) left. Pods first, the namespace
/// last. It cannot restore objects that run had set aside: those are named by the run's own cleanup report.
/// </summary>
public static class LeftoverSweep
{
    public static string Selector => $"{IAcceptanceActions.ManagedByLabel}={IAcceptanceActions.ManagedByValue}";

    /// <summary>The kubectl command that removes whatever is left (the same kinds, the same label).</summary>
    public static string KubectlDelete => IAcceptanceActions.LeftoversKubectlDelete;

    private static readonly string[] Order = ["Pod", "AuthorizationPolicy", "MeshTLSAuthentication", "ServerAuthorization", "Server", "ServiceAccount", "Namespace"];

    public static async Task<SweepReport> RunAsync(IObjectClient client, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        var left = new List<string>();
        var errors = new List<string>();
        foreach (var kind in Order)
        {
            var k = AcceptanceKinds.Find(kind);
            IReadOnlyList<System.Text.Json.Nodes.JsonObject> found;
            try
            {
                found = await client.ListAsync(k.ApiVersion, k.Kind, Selector, cancellationToken);
            }
            catch (ObjectClientException e) when (e.Status == 404)
            {
                continue; // the cluster does not serve this kind
            }
            catch (ObjectClientException e)
            {
                errors.Add(e.Message);
                continue;
            }

            foreach (var o in found)
            {
                var target = ObjectRef.Of(o);
                try
                {
                    await client.DeleteAsync(target, cancellationToken);
                    removed.Add(target.ToString());
                }
                catch (ObjectClientException e)
                {
                    left.Add(target.ToString());
                    errors.Add(e.Message);
                }
            }
        }

        return new SweepReport(removed, left, errors);
    }
}
