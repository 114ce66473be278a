namespace Deepthought.Protocols;

/// <summary>The run's configuration is wrong (profile, kubeconfig, talosconfig): exit code 2, one line naming file, place and fix.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
