using Deepthought.Checks.Probes;
using Deepthought.Checks.Model;
using k8s.Models;

namespace Deepthought.Checks.Storage;

/// <summary>
/// The Ceph CSI node plugins run and are ready on every node that takes workloads: the RBD plugin always, the CephFS
/// plugin when the operator chart enables its driver (<c>storage.csi.cephFs</c>, the chart's
/// <c>csi.enableCephfsDriver</c>). The DaemonSet names are the profile's <c>storage.csi.rbdNodePlugin</c> and
/// <c>cephFsNodePlugin</c>; by default the ceph-csi-operator's <c>&lt;namespace&gt;.rbd.csi.ceph.com-nodeplugin</c> and
/// <c>&lt;namespace&gt;.cephfs.csi.ceph.com-nodeplugin</c> that Rook 1.18 and later create.
/// </summary>
public sealed class CsiNodePluginsCheck : StorageCheck
{
    public override string Id => StorageCheckIds.CsiNodepluginsReady;

    public override string Title => "the Ceph CSI node plugins are ready on every node";

    public override string Hint => "kubectl -n rook-ceph get daemonsets; kubectl -n rook-ceph get pods -o wide | grep nodeplugin";

    public override IReadOnlyList<string> FailingScenarios => ["csi-plugin-not-ready"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var ns = context.Profile.Storage.Namespace;
        var csi = context.Profile.Storage.Csi;
        var nodes = context.Profile.Nodes.Count(n => n.Schedulable);
        var daemonSets = (await context.ObserveAsync<DaemonSetsObservation>(cancellationToken)).Items
            .Where(d => d.Metadata.NamespaceProperty == ns).ToList();
        var drivers = new List<(string Driver, string Name, string Key)> { ("RBD", csi.RbdDaemonSet(ns), "storage.csi.rbdNodePlugin") };
        if (csi.CephFs)
        {
            drivers.Add(("CephFS", csi.CephFsDaemonSet(ns), "storage.csi.cephFsNodePlugin"));
        }

        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var (driver, name, key) in drivers)
        {
            var subject = $"{driver} CSI node plugin in {ns}";
            var want = $"{nodes} desired, {nodes} ready";
            var ds = daemonSets.FirstOrDefault(d => d.Metadata.Name == name);
            if (ds is null)
            {
                var found = daemonSets.Count == 0 ? "" : $" (found: {string.Join(", ", daemonSets.Select(d => d.Metadata.Name))})";
                findings.Add(new Evidence(subject, $"the DaemonSet {name} ({key}) with {want}", $"no such DaemonSet{found}"));
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

        var passed = csi.CephFs
            ? $"the RBD and CephFS node plugins are ready on all {nodes} nodes"
            : $"the RBD node plugin is ready on all {nodes} nodes (the CephFS driver is disabled: storage.csi.cephFs: false)";
        return Verdict.FromFindings(findings, passed, observed);
    }

    private static string State(V1DaemonSet ds) => ds.Status is null
        ? "no status"
        : $"{ds.Status.DesiredNumberScheduled} desired, {ds.Status.NumberReady} ready, {ds.Status.NumberAvailable ?? 0} available";
}
