namespace Deepthought.Twin.Talos;

/// <summary>
/// What a Talos release installs when the machine config does not say otherwise (pkg/machinery/constants/constants.go,
/// DefaultKubernetesVersion, at each tag; docs/upstream-facts.md, Profile variants). `talosctl gen config` without
/// --kubernetes-version, as the seed runs it, takes this default.
/// </summary>
public static class TalosDefaults
{
    /// <summary>The Kubernetes version (v-prefixed) a Talos tag defaults to; tags not listed get v1.10.3's.</summary>
    public static string KubernetesVersion(string talosVersion) => talosVersion switch
    {
        "v1.10.0" or "v1.10.1" or "v1.10.2" => "v1.33.0",
        "v1.10.3" or "v1.10.4" => "v1.33.1",
        "v1.10.5" => "v1.33.2",
        "v1.10.6" => "v1.33.3",
        _ => "v1.33.1",
    };
}
