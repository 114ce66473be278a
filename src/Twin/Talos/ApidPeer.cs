namespace Deepthought.Twin.Talos;

/// <summary>Set on each apid connection after the TLS handshake: which node it serves and who the client is.</summary>
public sealed record ApidPeer(TwinNode Node, IReadOnlyList<string> Organizations, string Subject);
