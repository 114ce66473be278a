using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The seed meshes emojivoto with `linkerd inject`, which adds linkerd.io/inject: enabled to each Deployment's pod
/// template; the restarted pods then carry a ready linkerd-proxy container.
/// </summary>
public sealed class EmojivotoMeshedCheck : CheckBase
{
    public override string Id => MeshCheckIds.EmojivotoMeshed;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "every pod in the meshed namespaces runs a ready linkerd-proxy, and every pod template asks for injection";

    public override string Hint => "kubectl get -n emojivoto deploy -o yaml | linkerd inject - | kubectl apply -f -; kubectl -n emojivoto rollout restart deploy";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["emojivoto-pod-unmeshed"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var deployments = await context.ObserveAsync<DeploymentsObservation>(cancellationToken);
        var pods = await context.ObserveAsync<PodsObservation>(cancellationToken);
        var f = new Findings();
        foreach (var ns in context.Profile.Mesh.MeshedNamespaces)
        {
            var inNs = deployments.Items.Where(d => d.Metadata.NamespaceProperty == ns).OrderBy(d => d.Metadata.Name, StringComparer.Ordinal).ToList();
            foreach (var d in inNs)
            {
                var inject = MeshFacts.Annotation(d.Spec?.Template?.Metadata, MeshFacts.InjectAnnotation);
                var subject = $"deployment {ns}/{d.Metadata.Name} pod template";
                var expected = $"annotation {MeshFacts.InjectAnnotation}: enabled";
                if (inject == "enabled")
                {
                    f.Saw(subject, expected, "enabled");
                }
                else
                {
                    f.Fail(subject, expected, inject is null ? "no inject annotation" : $"{MeshFacts.InjectAnnotation}: {inject}");
                }
            }

            var running = pods.In(ns).Where(p => p.Status?.Phase is not ("Succeeded" or "Failed")).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
            if (running.Count == 0 && inNs.Count == 0)
            {
                f.Fail($"namespace {ns}", "meshed workloads", "no deployments and no pods");
            }

            foreach (var pod in running)
            {
                var subject = $"pod {ns}/{pod.Metadata.Name}";
                const string Expected = "a ready linkerd-proxy container";
                if (MeshFacts.Proxy(pod) is null)
                {
                    f.Fail(subject, Expected, $"no linkerd-proxy container (containers: {string.Join(", ", pod.Spec?.Containers?.Select(c => c.Name) ?? [])}) — not meshed");
                }
                else if (!MeshFacts.ProxyReady(pod))
                {
                    f.Fail(subject, Expected, "linkerd-proxy present but not ready");
                }
                else
                {
                    f.Saw(subject, Expected, "linkerd-proxy ready");
                }
            }
        }

        return f.ToVerdict($"every pod in {string.Join(", ", context.Profile.Mesh.MeshedNamespaces)} is meshed");
    }
}
