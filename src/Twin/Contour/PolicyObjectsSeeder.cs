using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Contour;

/// <summary>
/// The end of the seed's "HTTPRoute and Policy Attachments" section: the Server and the authorization the profile
/// selects, applied from the project's manifests, bent by the policy scenarios.
/// </summary>
[TwinScenario("server-missing", "the Server voting-grpc was never applied: nothing describes the voting gRPC port")]
[TwinScenario("authorization-missing", "the voting authorization is absent, and an admission policy (a Kyverno-style webhook) refuses to create it")]
[TwinScenario("authorization-allows-everyone", "an extra ServerAuthorization voting-grpc-everyone on the voting Server admits every client (client.unauthenticated: true)")]
public sealed class PolicyObjectsSeeder : ITwinComponent
{
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

        TwinKinds.EnsurePolicy(context.Store);
        if (!s.Has("server-missing"))
        {
            context.Store.Put(ProjectManifests.LoadOne(p, ProjectManifests.PolicyAttachment, "Server"));
        }

        var authorization = ProjectManifests.Load(p, ProjectManifests.AuthorizationFile(policy));
        if (s.Has("authorization-missing"))
        {
            var refused = authorization.Select(d => (d.Str("kind"), d.Str("metadata", "name"))).ToHashSet();
            context.Store.AddAdmission((change, type, obj) =>
                change == ChangeType.Added && obj.Str("metadata", "namespace") == policy.Namespace && refused.Contains((type.Kind, obj.Str("metadata", "name")))
                    ? $"admission webhook \"validate.policy.twin.deepthought\" denied the request: {type.Kind} {policy.Namespace}/{obj.Str("metadata", "name")} is not allowed by cluster policy"
                    : null);
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

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
