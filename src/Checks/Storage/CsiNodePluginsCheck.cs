using Deepthought.Checks.Probes;
using Deepthought.Checks.Model;
using k8s.Models;

namespace Deepthought.Checks.Storage;

/// <summary>
/// The Ceph CSI node plugins (RBD and CephFS) run and are ready on every node that takes workloads. Rook names them
/// after the driver when the ceph-csi-operator runs them (<c>&lt;ns&gt;.rbd.csi.ceph.com-nodeplugin</c>, the default since
/// Rook 1.18) or <c>csi-rbdplugin</c>/<c>csi-cephfsplugin</c> in the legacy mode; either is accepted.
/// </summary>
public sealed class CsiNodePluginsCheck : StorageCheck
{
    private static readonly (string Driver, string Legacy, string Suffix)[] Drivers =
    [
        ("RBD", "csi-rbdplugin", ".rbd.csi.ceph.com-nodeplugin"),
        ("CephFS", "csi-cephfsplugin", ".cephfs.csi.ceph.com-nodeplugin"),
    ];

    public override string Id => "storage.csi-nodeplugins-ready";

    public override string Title => "the Ceph CSI node plugins are ready on every node";

    public override string Hint => "kubectl -n rook-ceph get daemonsets; kubectl -n rook-ceph get pods -o wide | grep nodeplugin";

    public override IReadOnlyList<string> FailingScenarios => ["csi-plugin-not-ready"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var ns = context.Profile.Storage.Namespace;
        var nodes = context.Profile.Nodes.Count(n => n.Schedulable);
        var daemonSets = (await context.ObserveAsync<DaemonSetsObservation>(cancellationToken)).Items
            .Where(d => d.Metadata.NamespaceProperty == ns).ToList();
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var (driver, legacy, suffix) in Drivers)
        {
            var subject = $"{driver} CSI node plugin in {ns}";
            var want = $"{nodes} desired, {nodes} ready";
            var ds = daemonSets.FirstOrDefault(d => d.Metadata.Name == legacy || d.Metadata.Name.EndsWith(suffix, StringComparison.Ordinal));
            if (ds is null)
            {
                findings.Add(new Evidence(subject, $"a DaemonSet {legacy} or <operator namespace>{suffix} with {want}", "no such DaemonSet"));
                continue;
            }

            var seen = State(ds);
            observed.Add(new Evidence($"{subject} ({ds.Metadata.Name})", want, seen));
            var s = ds.Status;
            if (s is null || s.DesiredNumberScheduled != nodes || s.NumberReady != nodes || (s.NumberAvailable ?? 0) != nodes)
            {
                findings.Add(new Evidence($"daemonset {ns}/{ds.Metadata.Name}", want, seen));
            }
        }

        return Verdict.FromFindings(findings, $"the RBD and CephFS node plugins are ready on all {nodes} nodes", observed);
    }

    private static string State(V1DaemonSet ds) => ds.Status is null
        ? "no status"
        : $"{ds.Status.DesiredNumberScheduled} desired, {ds.Status.NumberReady} ready, {ds.Status.NumberAvailable ?? 0} available";
}
