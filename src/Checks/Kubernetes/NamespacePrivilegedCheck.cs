using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Kubernetes;

/// <summary>
/// Talos enforces the baseline Pod Security level by default; the seed labels some namespaces
/// <c>pod-security.kubernetes.io/enforce=privileged</c> (Ceph CSI needs host devices, Linkerd the host network).
/// </summary>
public abstract class NamespacePrivilegedCheck : CheckBase
{
    public const string EnforceLabel = "pod-security.kubernetes.io/enforce";

    protected abstract string Namespace { get; }

    public override string Title => $"the {Namespace} namespace enforces privileged pod security";

    public override string Hint => $"kubectl label namespace {Namespace} {EnforceLabel}=privileged --overwrite";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (!context.Profile.PodSecurity.PrivilegedNamespaces.Contains(Namespace))
        {
            return Verdict.Skip($"the profile does not list {Namespace} in podSecurity.privilegedNamespaces");
        }

        var all = (await context.ObserveAsync<NamespacesObservation>(cancellationToken)).Items;
        var ns = all.FirstOrDefault(n => n.Metadata.Name == Namespace);
        if (ns is null)
        {
            return Verdict.Fail($"namespace {Namespace}: expected to exist with {EnforceLabel}=privileged, got no such namespace",
                new Evidence($"namespace {Namespace}", $"{EnforceLabel}=privileged", "namespace absent"));
        }

        var value = ns.Metadata.Labels?.TryGetValue(EnforceLabel, out var v) == true ? v : null;
        var shown = value ?? "unset (Talos default: baseline)";
        var evidence = new Evidence($"namespace {Namespace}", $"{EnforceLabel}=privileged", shown);
        return value == "privileged"
            ? Verdict.Pass($"{Namespace} enforces privileged", evidence)
            : Verdict.Fail($"namespace {Namespace}: expected {EnforceLabel}=privileged, got {shown}", evidence);
    }
}
