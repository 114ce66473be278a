using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The seed installs Linkerd with Helm: releases linkerd-crds and linkerd-control-plane in the linkerd namespace are
/// deployed (read from the release Secrets' labels only). The linkerd-viz release is judged by <see cref="LinkerdVizCheck"/>.
/// Skipped, with the reason, when the identity may not list Secrets in the namespace (auditor-no-secrets.yaml).
/// </summary>
public sealed class LinkerdHelmReleasesCheck : CheckBase
{
    public override string Id => MeshCheckIds.LinkerdHelmReleases;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "Linkerd's Helm releases (linkerd-crds, linkerd-control-plane) are deployed";

    public override string Hint => "helm list -n linkerd --all  (a failed release: helm history <release> -n linkerd)";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["linkerd-helm-release-failed"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var linkerd = context.Profile.Mesh.Linkerd;
        var helm = await (await context.ObserveAsync<HelmReleasesSource>(cancellationToken)).ReadAsync(linkerd.Namespace, cancellationToken);
        if (helm.SkipIfForbidden(linkerd.Namespace) is { } skip)
        {
            return skip;
        }

        var f = new Findings();
        foreach (var name in linkerd.HelmReleases)
        {
            Judge(f, helm, linkerd.Namespace, name);
        }

        return f.ToVerdict($"Helm releases {string.Join(", ", linkerd.HelmReleases)} are deployed in {linkerd.Namespace}");
    }

    /// <summary>
    /// One release: present and its newest revision deployed. When listing Secrets in the namespace was refused
    /// (the no-Secrets auditor role), the release is recorded as not checked, with the reason, and not failed.
    /// </summary>
    public static void Judge(Findings f, HelmReleasesObservation helm, string ns, string name)
    {
        var subject = $"helm release {ns}/{name}";
        var release = helm.Find(ns, name);
        if (helm.Forbidden is not null)
        {
            f.Saw(subject, "deployed", "not checked: " + HelmReleasesObservation.NoSecretAccess(ns));
        }
        else if (release is null)
        {
            f.Fail(subject, "deployed", "absent (no Secret labelled owner=helm,name=" + name + " in " + ns + ")");
        }
        else if (release.Status != "deployed")
        {
            f.Fail(subject, "deployed", $"revision {release.Revision} is {release.Status}");
        }
        else
        {
            f.Saw(subject, "deployed", $"revision {release.Revision} deployed");
        }
    }
}
