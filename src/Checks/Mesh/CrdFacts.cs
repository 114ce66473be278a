using k8s.Models;

namespace Deepthought.Checks.Mesh;

/// <summary>Readings of CustomResourceDefinitions shared by the Gateway API and Linkerd CRD checks.</summary>
public static class CrdFacts
{
    // Field managers every object has; they say nothing about who installed it.
    private static readonly HashSet<string> ClusterManagers = new(StringComparer.Ordinal) { "kube-apiserver", "kube-controller-manager" };

    /// <summary>Established=False (or NamesAccepted=False) as the API server reports it; null when fine or not reported.</summary>
    public static string? NotEstablished(V1CustomResourceDefinition crd)
    {
        var bad = (crd.Status?.Conditions ?? [])
            .Where(c => c.Type is "Established" or "NamesAccepted" && c.Status != "True")
            .Select(c => $"{c.Type}={c.Status}{(string.IsNullOrEmpty(c.Reason) ? "" : $" ({c.Reason}: {c.Message})")}")
            .ToList();
        return bad.Count == 0 ? null : string.Join(", ", bad);
    }

    public static string ServedVersions(V1CustomResourceDefinition crd) =>
        string.Join(",", (crd.Spec?.Versions ?? []).Where(v => v.Served).Select(v => v.Storage ? v.Name + "*" : v.Name));

    /// <summary>
    /// Who installed the object, as far as its metadata shows: a Helm release, a managed-by/chart/part-of label, or
    /// the field managers that wrote it. Empty when nothing says.
    /// </summary>
    public static string Installer(V1ObjectMeta meta)
    {
        var parts = new List<string>();
        var release = MeshFacts.Annotation(meta, "meta.helm.sh/release-name");
        if (release is not null)
        {
            parts.Add($"Helm release {MeshFacts.Annotation(meta, "meta.helm.sh/release-namespace") ?? "?"}/{release}");
        }

        foreach (var label in new[] { "app.kubernetes.io/managed-by", "helm.sh/chart", "app.kubernetes.io/part-of", "app.kubernetes.io/instance" })
        {
            if (MeshFacts.Label(meta, label) is { Length: > 0 } v)
            {
                parts.Add($"{label}={v}");
            }
        }

        var managers = (meta.ManagedFields ?? [])
            .Select(m => m.Manager)
            .Where(m => !string.IsNullOrEmpty(m) && !ClusterManagers.Contains(m))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (managers.Count > 0)
        {
            parts.Add($"field managers {string.Join(", ", managers)}");
        }

        return parts.Count == 0 ? "" : "installed by " + string.Join("; ", parts);
    }
}
