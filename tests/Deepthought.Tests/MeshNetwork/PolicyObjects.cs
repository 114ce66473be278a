using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>Linkerd policy objects for tests, written from the CRD reference (stack-facts §3), and minimal CRDs to serve them.</summary>
internal static class PolicyObjects
{
    /// <summary>Registers the policy.linkerd.io kinds (the Linkerd CRDs are another component's seed).</summary>
    public static void RegisterCrds(KubeStore store)
    {
        store.Put(Crd("servers", "Server", "v1beta1", "v1beta3"));
        store.Put(Crd("serverauthorizations", "ServerAuthorization", "v1beta1"));
        store.Put(Crd("authorizationpolicies", "AuthorizationPolicy", "v1alpha1"));
        store.Put(Crd("meshtlsauthentications", "MeshTLSAuthentication", "v1alpha1"));
        store.Put(Crd("networkauthentications", "NetworkAuthentication", "v1alpha1"));
    }

    /// <summary>The Restricting Access task's Server: voting's gRPC port.</summary>
    public static JsonObject VotingServer(string port = "grpc") => Manifest.Parse($$$"""
        {"apiVersion": "policy.linkerd.io/v1beta1", "kind": "Server",
         "metadata": {"name": "voting-grpc", "namespace": "emojivoto", "labels": {"app": "voting-svc"}},
         "spec": {"podSelector": {"matchLabels": {"app": "voting-svc"}}, "port": "{{{port}}}", "proxyProtocol": "gRPC"}}
        """);

    public static JsonObject ServerAuthorization(params string[] serviceAccounts) => Manifest.Parse($$$"""
        {"apiVersion": "policy.linkerd.io/v1beta1", "kind": "ServerAuthorization",
         "metadata": {"name": "voting-grpc", "namespace": "emojivoto"},
         "spec": {"server": {"name": "voting-grpc"},
                  "client": {"meshTLS": {"serviceAccounts": [{{{Accounts(serviceAccounts)}}}]}}
         }
        }
        """);

    public static JsonObject MeshTlsAuthentication(string spec) => Manifest.Parse($$$"""
        {"apiVersion": "policy.linkerd.io/v1alpha1", "kind": "MeshTLSAuthentication",
         "metadata": {"name": "voting-clients", "namespace": "emojivoto"}, "spec": {{{spec}}}
        }
        """);

    public static JsonObject AuthorizationPolicy(string authnKind = "MeshTLSAuthentication", string authnName = "voting-clients") => Manifest.Parse($$$"""
        {"apiVersion": "policy.linkerd.io/v1alpha1", "kind": "AuthorizationPolicy",
         "metadata": {"name": "voting-grpc", "namespace": "emojivoto"},
         "spec": {"targetRef": {"group": "policy.linkerd.io", "kind": "Server", "name": "voting-grpc"},
                  "requiredAuthenticationRefs": [{"group": "policy.linkerd.io", "kind": "{{{authnKind}}}", "name": "{{{authnName}}}"}]}}
        """);

    private static string Accounts(string[] names) => string.Join(",", names.Select(n => new JsonObject { ["name"] = n }.ToJsonString()));

    private static string Versions(string[] versions) =>
        string.Join(",", versions.Select((v, i) => new JsonObject { ["name"] = v, ["served"] = true, ["storage"] = i == versions.Length - 1 }.ToJsonString()));

    private static JsonObject Crd(string plural, string kind, params string[] versions) => Manifest.Parse($$$"""
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
         "metadata": {"name": "{{{plural}}}.policy.linkerd.io"},
         "spec": {"group": "policy.linkerd.io", "scope": "Namespaced",
                  "names": {"plural": "{{{plural}}}", "singular": "{{{kind.ToLowerInvariant()}}}", "kind": "{{{kind}}}"},
                  "versions": [{{{Versions(versions)}}}]}}
        """);
}
