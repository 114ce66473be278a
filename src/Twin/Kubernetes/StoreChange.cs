using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes;

public enum ChangeType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>A change to the twin's objects, for watchers and the twin's controllers (gateway status, mesh policy).</summary>
public sealed record StoreChange(ChangeType Type, ResourceType Resource, JsonObject Object, long ResourceVersion);
