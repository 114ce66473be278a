using Grpc.Core;

namespace Deepthought.Checks.Talos;

/// <summary>One Talos API call to one node failed; the message says which node, through which endpoint, and why.</summary>
public sealed class TalosCallException : Exception
{
    public TalosCallException(string node, string method, string message, StatusCode? code = null, Exception? inner = null)
        : base(message, inner)
    {
        Node = node;
        Method = method;
        Code = code;
    }

    public string Node { get; }

    public string Method { get; }

    /// <summary>The gRPC status when the call got one (null: no connection, or a per-node error in the reply).</summary>
    public StatusCode? Code { get; }
}
