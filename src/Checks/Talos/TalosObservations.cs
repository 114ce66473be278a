namespace Deepthought.Checks.Talos;

/// <summary>One node's answer to a Talos API question: the value, or why there is none (said for the user).</summary>
public sealed record NodeAnswer<T>(string Node, T? Value, string? Error)
    where T : class
{
    public bool Ok => Error is null && Value is not null;
}

/// <summary>A certificate's facts for evidence (never its key).</summary>
public sealed record CertificateFacts(string Subject, string Issuer, IReadOnlyList<string> Organizations, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Algorithm);

/// <summary>The talosconfig context in use: where it points and its certificates' facts.</summary>
public sealed record TalosconfigObservation(string Path, string Context, IReadOnlyList<string> Endpoints, IReadOnlyList<string> Nodes, CertificateFacts Ca, CertificateFacts Client);

/// <summary>What a node's Version and Hostname calls said.</summary>
public sealed record TalosVersionFacts(string Tag, string Platform, string Hostname);

/// <summary>Version per targeted node, through the talosconfig's endpoint.</summary>
public sealed record TalosVersionsObservation(string Endpoint, IReadOnlyList<NodeAnswer<TalosVersionFacts>> Nodes)
{
    public NodeAnswer<TalosVersionFacts>? Find(string node) => Nodes.FirstOrDefault(n => n.Node == node);
}

/// <summary>One machined service as ServiceList reports it.</summary>
public sealed record ServiceFacts(string Id, string State, bool Healthy, bool HealthUnknown, string LastMessage);

/// <summary>ServiceList per targeted node.</summary>
public sealed record TalosServicesObservation(IReadOnlyList<NodeAnswer<IReadOnlyList<ServiceFacts>>> Nodes)
{
    public NodeAnswer<IReadOnlyList<ServiceFacts>>? Find(string node) => Nodes.FirstOrDefault(n => n.Node == node);
}

/// <summary>The kubeconfig the run uses: its current context and that context's server (attach-mode check).</summary>
public sealed record KubeconfigObservation(string? ApiServerStandIn, string Path, string? CurrentContext, string? Server, string? Error, string? ClusterName = null);
