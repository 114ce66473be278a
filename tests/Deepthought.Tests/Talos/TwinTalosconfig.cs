using Deepthought.Checks.Talos;
using Deepthought.Twin.Hosting;

namespace Deepthought.Tests.Talos;

/// <summary>
/// The twin's talosconfig as a user would use it: the file has no endpoints (as `talosctl gen config` writes it), so
/// the twin's apid endpoints are given the way `talosctl -e` gives them.
/// </summary>
public static class TwinTalosconfig
{
    public static Talosconfig Load(DeepthoughtTwin twin, string? context) =>
        Talosconfig.Load(twin.TalosconfigPath, context).WithEndpoints(twin.TalosEndpoints, "twin apid (as talosctl -e)");
}
