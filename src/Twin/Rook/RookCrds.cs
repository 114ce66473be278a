using System.Text.Json.Nodes;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Rook;

/// <summary>
/// The CephCluster and CephBlockPool CustomResourceDefinitions as Rook v1.19 defines them (group, names, short names,
/// scope, version, status subresource, printer columns) with an open schema: the twin keeps what is written. A test
/// compares them with the real CRDs in /work/shared/data and checks the seeded objects against the real schemas.
/// </summary>
public sealed class RookCrds : ITwinComponent
{
    public int Order => 5;

    public Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        if (context.Profile.Storage.Enabled)
        {
            context.Store.Put(CephCluster());
            context.Store.Put(CephBlockPool());
        }

        return Task.CompletedTask;
    }

    public static JsonObject CephCluster() => Crd("CephCluster", "cephclusters", "cephcluster", "ceph",
    [
        Column("DataDirHostPath", "string", ".spec.dataDirHostPath", "Directory used on the K8s nodes"),
        Column("MonCount", "string", ".spec.mon.count", "Number of MONs"),
        Column("Age", "date", ".metadata.creationTimestamp"),
        Column("Phase", "string", ".status.phase"),
        Column("Message", "string", ".status.message", "Message"),
        Column("Health", "string", ".status.ceph.health", "Ceph Health"),
        Column("External", "boolean", ".spec.external.enable"),
        Column("FSID", "string", ".status.ceph.fsid", "Ceph FSID"),
    ]);

    public static JsonObject CephBlockPool() => Crd("CephBlockPool", "cephblockpools", "cephblockpool", "cephbp",
    [
        Column("Phase", "string", ".status.phase"),
        Column("Type", "string", ".status.info.type"),
        Column("FailureDomain", "string", ".status.info.failureDomain"),
        Column("Age", "date", ".metadata.creationTimestamp"),
    ]);

    private static JsonObject Crd(string kind, string plural, string singular, string shortName, JsonObject[] columns)
    {
        var crd = Manifest.Object("apiextensions.k8s.io/v1", "CustomResourceDefinition", $"{plural}.{RookNames.Group}");
        crd["spec"] = new JsonObject
        {
            ["group"] = RookNames.Group,
            ["names"] = new JsonObject
            {
                ["kind"] = kind,
                ["listKind"] = kind + "List",
                ["plural"] = plural,
                ["singular"] = singular,
                ["shortNames"] = new JsonArray(shortName),
            },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["additionalPrinterColumns"] = new JsonArray(columns.Select(c => (JsonNode)c).ToArray()),
                ["schema"] = new JsonObject
                {
                    ["openAPIV3Schema"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["spec"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                            ["status"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                        },
                    },
                },
            }),
        };
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = crd["spec"]!["names"]!.DeepClone(),
            ["storedVersions"] = new JsonArray("v1"),
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted" }),
        };
        return crd;
    }

    private static JsonObject Column(string name, string type, string path, string? description = null)
    {
        var c = new JsonObject { ["name"] = name, ["type"] = type, ["jsonPath"] = path };
        if (description is not null)
        {
            c["description"] = description;
        }

        return c;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
