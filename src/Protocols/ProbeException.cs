namespace Deepthought.Protocols;

/// <summary>
/// A probe could not gather an observation (unreachable endpoint, TLS refused, 403...). The message is for the
/// user: it names the endpoint and what was seen, never a stack trace; the engine turns it into a failed verdict.
/// </summary>
public sealed class ProbeException : Exception
{
    public ProbeException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
