using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The seed installs the control plane with --set proxyInit.runAsRoot=true (Talos needs the iptables init to run as
/// root): in the meshed namespaces the linkerd-init container runs as uid 0 (runAsUser 0, runAsNonRoot false).
/// </summary>
public sealed class ProxyInitRootCheck : CheckBase
{
    public override string Id => MeshCheckIds.ProxyInitRoot;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "linkerd-init runs as root in meshed pods (proxyInit.runAsRoot=true)";

    public override string Hint => "kubectl -n emojivoto get pods -o jsonpath='{range .items[*]}{.metadata.name}{\" \"}{.spec.initContainers[?(@.name==\"linkerd-init\")].securityContext}{\"\\n\"}{end}'  (fix: helm upgrade linkerd-control-plane ... --set proxyInit.runAsRoot=true, then restart the workloads)";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["proxy-init-not-root"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var wantRoot = context.Profile.Mesh.Linkerd.ProxyInitRunAsRoot;
        var expected = wantRoot ? "runs as uid 0 (runAsUser 0, runAsNonRoot false)" : "runs as a non-root uid";
        var pods = await context.ObserveAsync<PodsObservation>(cancellationToken);
        var f = new Findings();
        var seen = 0;
        foreach (var ns in context.Profile.Mesh.MeshedNamespaces)
        {
            foreach (var pod in pods.In(ns).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
            {
                var init = pod.Spec?.InitContainers?.FirstOrDefault(c => c.Name == MeshFacts.InitContainer);
                if (init is null)
                {
                    continue; // an unmeshed pod is mesh.emojivoto-meshed's finding, not this one's
                }

                seen++;
                var uid = init.SecurityContext?.RunAsUser ?? pod.Spec?.SecurityContext?.RunAsUser;
                var nonRoot = init.SecurityContext?.RunAsNonRoot ?? pod.Spec?.SecurityContext?.RunAsNonRoot;
                var isRoot = uid == 0 && nonRoot != true;
                var observed = $"runAsUser {(uid is null ? "unset (image default)" : uid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}, runAsNonRoot {(nonRoot is null ? "unset" : nonRoot.Value ? "true" : "false")}";
                var subject = $"pod {ns}/{pod.Metadata.Name} container {MeshFacts.InitContainer}";
                if (isRoot == wantRoot)
                {
                    f.Saw(subject, expected, observed);
                }
                else
                {
                    f.Fail(subject, expected, observed);
                }
            }
        }

        if (seen == 0)
        {
            f.Fail($"namespaces {string.Join(", ", context.Profile.Mesh.MeshedNamespaces)}", $"meshed pods whose {MeshFacts.InitContainer} {expected}", $"no pod has a {MeshFacts.InitContainer} container");
        }

        return f.ToVerdict($"{MeshFacts.InitContainer} {expected} in all {seen} meshed pods");
    }
}
