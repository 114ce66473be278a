using Deepthought.Protocols.Profile;

namespace Deepthought.Twin.Talos;

/// <summary>One profiled node as its twin apid serves it.</summary>
public sealed class TwinNode(NodeProfile profile, string talosVersion, bool apidDown)
{
    public NodeProfile Profile { get; } = profile;

    public string Name => Profile.Name;

    public string Ip => Profile.Ip;

    public bool IsControlPlane => Profile.Role == NodeRole.ControlPlane;

    /// <summary>The Talos version this node reports (the profile's, or the drift version under a scenario).</summary>
    public string TalosVersion { get; } = talosVersion;

    /// <summary>apid is not listening (scenario apid-unreachable): dials to it are refused.</summary>
    public bool ApidDown { get; } = apidDown;

    /// <summary>The loopback port its apid listens on (or would: a closed port when down).</summary>
    public int Port { get; set; }

    public CertifiedKey? ServerCertificate { get; set; }

    public override string ToString() => $"{Name} ({Ip}, apid 127.0.0.1:{Port})";
}
