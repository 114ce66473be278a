using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Tests.Gateway;

/// <summary>
/// Until the mesh/emojivoto part of the twin is in main: the emojivoto objects the Gateway and Policy phases look
/// at (Services web-svc/voting-svc/emoji-svc, a voting and a web pod), shaped as in the real emojivoto.yml.
/// Seeds nothing when they already exist.
/// </summary>
public static class EmojivotoStandIn
{
    public const string Namespace = "emojivoto";

    public static void Seed(KubeStore store)
    {
        if (store.Get("v1", "Service", Namespace, "web-svc") is not null)
        {
            return;
        }

        store.Put(Service("web-svc", "web-svc", ("http", 80, 8080)));
        store.Put(Service("voting-svc", "voting-svc", ("grpc", 8080, 8080), ("prom", 8801, 8801)));
        store.Put(Service("emoji-svc", "emoji-svc", ("grpc", 8080, 8080), ("prom", 8801, 8801)));
        store.Put(Pod("voting-5f5b9c7d8-x2x9q", "voting-svc", "voting", ("grpc", 8080), ("prom", 8801)));
        store.Put(Pod("web-6d5d8f9b7-k8l2m", "web-svc", "web", ("http", 8080)));
    }

    private static JsonObject Service(string name, string app, params (string Name, int Port, int Target)[] ports)
    {
        var svc = Manifest.Object("v1", "Service", name, Namespace);
        svc["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["selector"] = new JsonObject { ["app"] = app },
            ["ports"] = new JsonArray(ports.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["port"] = p.Port, ["targetPort"] = p.Target }).ToArray()),
        };
        return svc;
    }

    private static JsonObject Pod(string name, string app, string serviceAccount, params (string Name, int Port)[] ports)
    {
        var pod = Manifest.Object("v1", "Pod", name, Namespace, new Dictionary<string, string> { ["app"] = app, ["version"] = "v11" },
            new Dictionary<string, string> { ["linkerd.io/inject"] = "enabled" });
        pod["spec"] = new JsonObject
        {
            ["serviceAccountName"] = serviceAccount,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = app,
                ["image"] = $"docker.l5d.io/buoyantio/emojivoto-{app}:v11",
                ["ports"] = new JsonArray(ports.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["containerPort"] = p.Port }).ToArray()),
            }),
        };
        pod["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = "10.244.1.10" };
        return pod;
    }
}
