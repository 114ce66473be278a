namespace Deepthought.Protocols.Talos.Tls;

/// <summary>
/// A Talos API connection could not be set up: the endpoint is unreachable, or TLS was refused by either side. The
/// message is for the user ("server certificate for 127.0.0.1:50000 is not signed by the talosconfig CA").
/// </summary>
public sealed class TalosConnectionException : IOException
{
    public TalosConnectionException(string message, bool tlsRefused, Exception? inner = null)
        : base(message, inner)
    {
        TlsRefused = tlsRefused;
    }

    /// <summary>True when TLS was refused (a retry on another endpoint with the same credentials will not help).</summary>
    public bool TlsRefused { get; }
}
