namespace Deepthought.Twin.Kubernetes.Api.Rbac;

/// <summary>An authenticated user: the client certificate's CN and O values, plus system:authenticated.</summary>
public sealed record KubeUser(string Name, IReadOnlyList<string> Groups)
{
    public const string Masters = "system:masters";

    public bool IsMaster => Groups.Contains(Masters);
}
