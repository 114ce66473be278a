using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Contour;

/// <summary>
/// The end of the seed's "HTTPRoute and Policy Attachments" section: the Server and the authorization the profile
/// selects, applied from the project's manifests, bent by the policy scenarios.
/// </summary>
[TwinScenario("server-missing", "the Server voting-grpc was never applied: nothing describes the voting gRPC port")]
[TwinScenario("authorization-missing", "the voting authorization is absent, and a GitOps reconciler that does not know it prunes it whenever it is applied")]
[TwinScenario("authorization-allows-everyone", "an extra ServerAuthorization voting-grpc-everyone on the voting Server admits every client (client.unauthenticated: true)")]
public sealed class PolicyObjectsSeeder : ITwinComponent
{
    /// <summary>How long the simulated GitOps reconciler takes to prune a hand-applied authorization.</summary>
    public static readonly TimeSpan PruneDelay = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private TwinContext? _context;
    private HashSet<(string Kind, string Name)> _pruned = [];

    public int Order => 81;

    public Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var p = context.Profile;
        var policy = p.Policy;
        var s = context.Scenarios;
        if (!policy.Enabled)
        {
            return Task.CompletedTask;
        }

        _context = context;
        TwinKinds.EnsurePolicy(context.Store);
        if (!s.Has("server-missing"))
        {
            context.Store.Put(ProjectManifests.LoadOne(p, ProjectManifests.PolicyAttachment, "Server"));
        }

        var authorization = ProjectManifests.Load(p, ProjectManifests.AuthorizationFile(policy));
        if (s.Has("authorization-missing"))
        {
            _pruned = authorization.Select(d => (d.Str("kind"), d.Str("metadata", "name"))).ToHashSet();
            context.Store.Changed += Prune;
        }
        else
        {
            foreach (var doc in authorization)
            {
                context.Store.Put(doc);
            }
        }

        if (s.Has("authorization-allows-everyone"))
        {
            context.Store.Put(Manifest.Parse($$"""
                {
                  "apiVersion": "policy.linkerd.io/v1beta1",
                  "kind": "ServerAuthorization",
                  "metadata": { "name": "{{policy.AuthorizationName}}-everyone", "namespace": "{{policy.Namespace}}" },
                  "spec": { "server": { "name": "{{policy.ServerName}}" }, "client": { "unauthenticated": true } }
                }
                """));
        }

        return Task.CompletedTask;
    }

    private void Prune(StoreChange change)
    {
        var ns = (string?)change.Object["metadata"]?["namespace"];
        var name = (string?)change.Object["metadata"]?["name"] ?? "";
        if (change.Type == ChangeType.Deleted || ns != _context!.Profile.Policy.Namespace || !_pruned.Contains((change.Resource.Kind, name)))
        {
            return;
        }

        var type = change.Resource;
        var store = _context.Store;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(PruneDelay, _context.Time, _stop.Token);
                store.Delete(type, ns, name);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            _context.Store.Changed -= Prune;
        }

        _stop.Cancel();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
