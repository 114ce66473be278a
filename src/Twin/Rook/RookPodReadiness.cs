using System.Text.Json.Nodes;
using Deepthought.Twin.Ceph;
using Deepthought.Twin.Hosting;

namespace Deepthought.Twin.Rook;

/// <summary>
/// Keeps the daemon pods' readiness in step with Ceph, as kubelet's probes would: an OSD pod is ready while its OSD is
/// up (a stopped daemon is a crash-looping container), a mon pod while its mon is in quorum, the mgr pod while a mgr is
/// available. A pod is written only when its readiness changes.
/// </summary>
public static class RookPodReadiness
{
    public static void Apply(TwinContext context, CephSnapshot snapshot)
    {
        var ns = context.Profile.Storage.Namespace;
        foreach (var pod in context.Store.List("v1", "Pod", ns))
        {
            var labels = pod["metadata"]?["labels"] as JsonObject;
            bool? ready = (string?)labels?["app"] switch
            {
                RookNames.OsdApp => OsdUp(snapshot, (string?)labels?[RookNames.OsdIdLabel]),
                RookNames.MonApp => snapshot.Quorum.Contains((string?)labels?["mon"] ?? ""),
                RookNames.MgrApp => snapshot.MgrAvailable,
                _ => null,
            };
            if (ready is null || IsReady(pod) == ready)
            {
                continue;
            }

            var name = (string)pod["metadata"]!["name"]!;
            context.Store.Update("v1", "Pod", ns, name, p =>
            {
                var c = p["spec"]!["containers"]![0]!;
                p["status"] = RookWorkloads.PodStatus((string)c["name"]!, (string)c["image"]!, (string?)p["status"]?["hostIP"] ?? "", (string?)p["status"]?["podIP"] ?? "", ready.Value ? PodState.Ready : PodState.NotReady, context.Time);
            });
        }
    }

    private static bool OsdUp(CephSnapshot s, string? id) =>
        int.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var n) && s.Osds.Any(o => o.Id == n && o.Up);

    private static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True") ?? false;
}
