using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Protocols.Formats;

namespace Deepthought.Checks.Policy;

/// <summary>One Kubernetes object by apiVersion, kind, namespace (null: cluster-scoped) and name.</summary>
public sealed record ObjectRef(string ApiVersion, string Kind, string? Namespace, string Name)
{
    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    public static ObjectRef Of(JsonNode obj) =>
        new(obj.Str("apiVersion"), obj.Str("kind"), obj.Str("metadata", "namespace") is { Length: > 0 } ns ? ns : null, obj.Str("metadata", "name"));
}

/// <summary>
/// What the probe pod runs and asks: emojivoto's web server (EMOJISVC_HOST and VOTINGSVC_HOST as web's own pods
/// have them), and the web path the harness GETs through the API server's pods/proxy (e.g. api/vote?choice=%3Adog%3A).
/// </summary>
public sealed record ProbePodRequest(string EmojiHost, string VotingHost, string Path);

/// <summary>
/// The probe pod's outcome: its name, its phase, web's answer (HTTP status and body) and, when web never answered
/// within the budget, the last state observed (e.g. "container probe waiting: ImagePullBackOff").
/// </summary>
public sealed record ProbePodResult(string Pod, string Phase, int Status, string Body, string LastState, bool Answered);

/// <summary>One undo of the cleanup ledger: what it did and whether it worked (a failed one is retried once after the rest).</summary>
public sealed record CleanupStep(string Description, bool Succeeded, string Error, bool RecoveredOnRetry);

/// <summary>The ledger's unwinding and the final leak check across every kind the harness writes.</summary>
public sealed record CleanupReport(IReadOnlyList<CleanupStep> Steps, IReadOnlyList<string> Leftovers, IReadOnlyList<string> LeakCheckErrors);

/// <summary>
/// The writes acceptance mode may make, all through the Kubernetes API with the acceptance (admin) identity. Every
/// object it creates carries <see cref="ManagedByLabel"/> and is recorded in a ledger; objects of the cluster it
/// sets aside or overwrites are restored exactly as they were (the live object minus server-set fields) when it cleans up — after success, failure or
/// cancellation. Offered to checks as a service only in acceptance mode.
/// </summary>
public interface IAcceptanceActions
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "deepthought-conformance";
    public const string ProbeNamespace = "deepthought-conformance";
    public const string ProbeServiceAccount = "conformance-probe";

    /// <summary>The commands that remove whatever acceptance left (same kinds, same label): what to run after a crash.</summary>
    public const string LeftoversKubectlDelete =
        "kubectl delete pods,serviceaccounts,servers.policy.linkerd.io,serverauthorizations.policy.linkerd.io,authorizationpolicies.policy.linkerd.io,meshtlsauthentications.policy.linkerd.io -A -l " + ManagedByLabel + "=" + ManagedByValue
        + " && kubectl delete namespaces -l " + ManagedByLabel + "=" + ManagedByValue;

    Task<JsonObject?> GetAsync(ObjectRef target, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the cluster's own copy of an object the seed keeps, recording that cleanup restores it exactly as it was
    /// (labels, annotations, owner references, spec). <paramref name="restoreAs"/> (the profile's manifest) names the
    /// object; its content is not what comes back. Returns the removed object, or null when there was none.
    /// </summary>
    Task<JsonObject?> SetAsideAsync(ObjectRef target, JsonObject restoreAs, CancellationToken cancellationToken);

    /// <summary>Creates (or replaces) the object, labelled as the harness's, and records its removal.</summary>
    Task<ObjectRef> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one long-lived probe pod (meshed, as the probe service account), waits up to <paramref name="budget"/> for
    /// its web container to run and answer the request's path through the API server's pod proxy.
    /// </summary>
    Task<ProbePodResult> RunProbePodAsync(ProbePodRequest request, TimeSpan budget, CancellationToken cancellationToken);

    /// <summary>Unwinds the ledger in reverse order (each undo bounded in time), then lists everything still labelled as the harness's.</summary>
    Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken);
}
