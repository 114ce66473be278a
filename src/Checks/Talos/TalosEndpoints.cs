using Deepthought.Checks.Model;
using Deepthought.Protocols;

namespace Deepthought.Checks.Talos;

/// <summary>
/// Which Talos API endpoints a run connects to, as talosctl decides (cmd/talosctl/pkg/talos/global/client.go: the
/// <c>-e/--endpoints</c> flag replaces the context's endpoints): the override (DEEPTHOUGHT_TALOS_ENDPOINTS,
/// <c>--talos-endpoints</c>, <c>run.ps1 -TalosEndpoints</c>), else the talosconfig context's endpoints, else the
/// profile's control-plane IPs — the seed passes <c>-e &lt;control-plane ip&gt;</c> on every command because
/// <c>talosctl gen config</c> leaves the endpoints empty.
/// </summary>
public static class TalosEndpoints
{
    /// <summary>The setting's name, for messages.</summary>
    public const string OverrideName = "DEEPTHOUGHT_TALOS_ENDPOINTS";

    /// <summary>Splits a comma-separated endpoint list (blank entries dropped).</summary>
    public static IReadOnlyList<string> Parse(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Applies the order above; <paramref name="notice"/> says when the profile's IPs were used. No endpoint anywhere
    /// is a <see cref="ConfigurationException"/> naming the file, the context and the three ways to give one.
    /// </summary>
    public static Talosconfig Resolve(Talosconfig config, IReadOnlyList<string> overrides, string overrideSource, IReadOnlyList<string> profileControlPlanes, out string? notice)
    {
        notice = null;
        if (overrides.Count > 0)
        {
            return config.WithEndpoints(overrides, overrideSource);
        }

        if (config.Endpoints.Count > 0)
        {
            return config;
        }

        if (profileControlPlanes.Count > 0)
        {
            notice = $"{config.Path}: context \"{config.Context}\" has no endpoints (as `talosctl gen config` writes it); "
                + $"using the profile's control-plane IPs {string.Join(",", profileControlPlanes)} as `talosctl -e` would — "
                + $"set {OverrideName} (or --talos-endpoints, run.ps1 -TalosEndpoints) to choose others";
            return config.WithEndpoints(profileControlPlanes, "profile control planes");
        }

        throw new ConfigurationException(
            $"{config.Path}: context \"{config.Context}\" has no endpoints and none was given — set {OverrideName}=<control-plane ip> "
            + "(or deepthought run --talos-endpoints <ip>, run.ps1 -TalosEndpoints <ip>), or run `talosctl config endpoint <ip>`");
    }
}
