using Deepthought.Checks.Model;
using Deepthought.Fixtures.Evidence;
using Deepthought.Fixtures.Reports;

namespace Deepthought.Tests.Reports;

/// <summary>
/// Two runs of the same target and profile, a day apart. The current one has failures, a warning, a skip and a blocked
/// check; against the previous one it has a new failure (the Talos version), a fixed check (the issuer) and changed
/// observations (a Talos version, an OSD count).
/// </summary>
internal static class SampleRuns
{
    public static readonly DateTimeOffset PreviousStart = new(2025, 3, 1, 6, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset CurrentStart = new(2025, 3, 2, 6, 0, 0, TimeSpan.Zero);

    public static readonly FakeCheck Api = new("talos.kubernetes-api", Phase.Talos, "the Kubernetes API answers", "kubectl get nodes", fatal: true);
    public static readonly FakeCheck Version = new("talos.node-os-image", Phase.Talos, "every node runs the profiled Talos version", "talosctl -n 192.168.1.34 version");
    public static readonly FakeCheck Osds = new("storage.osds-up", Phase.Storage, "every data disk has an OSD up and in", "kubectl -n rook-ceph get pods -l app=rook-ceph-osd", fatal: true, namespaces: ["rook-ceph"]);
    public static readonly FakeCheck Health = new("storage.ceph-health", Phase.Storage, "the CephCluster reports HEALTH_OK", "kubectl -n rook-ceph get cephcluster");
    public static readonly FakeCheck Issuer = new("mesh.issuer-valid", Phase.Mesh, "the issuer certificate is valid for 60 more days", "linkerd check --proxy");
    public static readonly FakeCheck Viz = new("mesh.viz-installed", Phase.Mesh, "linkerd-viz is installed", "linkerd viz check");
    public static readonly FakeCheck Route = new("gateway.route-accepted", Phase.Gateway, "the HTTPRoute is accepted", "kubectl -n emojivoto describe httproute web");

    public static RunReport Current(params string[] notices) => Report(CurrentStart, notices, [
        Result(Api, Verdict.Pass("the API server answered", new Evidence("server", "answers", "v1.33.1"))),
        Result(Version, Verdict.Fail(
            "node worker-2: expected osImage \"Talos (v1.11.1)\", got \"Talos (v1.10.2)\"",
            new Evidence("node worker-1", "Talos (v1.11.1)", "Talos (v1.11.1)"),
            new Evidence("node worker-2", "Talos (v1.11.1)", "Talos (v1.10.2)"))),
        Result(Osds, Verdict.Fail(
            "namespace rook-ceph: expected 3 OSDs up, got 2: osd.2 down <script>alert('x')</script>",
            new Evidence("namespace rook-ceph", "3 OSDs up", "2 OSDs up"),
            new Evidence("pod rook-ceph/rook-ceph-osd-2", "Running", "CrashLoopBackOff")) with { Attempts = 4 }),
        Result(Health, Verdict.Blocked(Osds.Id, "namespace rook-ceph: expected 3 OSDs up, got 2")),
        Result(Issuer, Verdict.Pass("issuer valid until 2026-01-01", new Evidence("issuer identity.linkerd.cluster.local", "valid ≥ 60 days", "305 days"))),
        Result(Viz, Verdict.Skip("runs in acceptance mode only; this run is audit")),
        Result(Route, Verdict.Warn("HTTPRoute emojivoto/web: accepted, but ResolvedRefs is Unknown", new Evidence("httproute emojivoto/web", "ResolvedRefs=True", "Unknown"))),
    ]) with
    {
        FailureEvidence = new FailureEvidence(
            [new NamespaceDiagnostics("rook-ceph",
                [new EventSummary("Warning", "BackOff", "pod/rook-ceph-osd-2-6d9f", "Back-off restarting failed container osd", 12, CurrentStart.AddMinutes(-3))],
                [new PodSummary("rook-ceph-osd-2-6d9f", "Running", "0/1", 12, "CrashLoopBackOff", "worker-2", true)],
                null)],
            new Dictionary<string, IReadOnlyList<string>> { [Osds.Id] = ["rook-ceph"] }),
    };

    public static RunReport Previous() => Report(PreviousStart, [], [
        Result(Api, Verdict.Pass("the API server answered", new Evidence("server", "answers", "v1.33.1"))),
        Result(Version, Verdict.Pass(
            "every node runs Talos (v1.11.1)",
            new Evidence("node worker-1", "Talos (v1.11.1)", "Talos (v1.11.1)"),
            new Evidence("node worker-2", "Talos (v1.11.1)", "Talos (v1.11.1)"))),
        Result(Osds, Verdict.Fail(
            "namespace rook-ceph: expected 3 OSDs up, got 1",
            new Evidence("namespace rook-ceph", "3 OSDs up", "1 OSDs up"))),
        Result(Health, Verdict.Blocked(Osds.Id, "namespace rook-ceph: expected 3 OSDs up, got 1")),
        Result(Issuer, Verdict.Fail("issuer expires in 10 days", new Evidence("issuer identity.linkerd.cluster.local", "valid ≥ 60 days", "10 days"))),
        Result(Viz, Verdict.Skip("runs in acceptance mode only; this run is audit")),
        Result(Route, Verdict.Pass("HTTPRoute emojivoto/web accepted", new Evidence("httproute emojivoto/web", "ResolvedRefs=True", "True"))),
    ]);

    public static RunReport Report(DateTimeOffset started, IReadOnlyList<string> notices, IReadOnlyList<CheckResult> results, string profile = "deepthought", string target = "twin") =>
        new(new RunMetadata(target, "audit", profile, $"/repo/profiles/{profile}.yaml", "osd-down", "0.1.0-test", started, started.AddSeconds(4.2), notices,
            new Dictionary<string, string> { ["scenario"] = "osd-down" }), results);

    public static CheckResult Result(ICheck check, Verdict verdict, double seconds = 0.25) =>
        new(check, verdict, CurrentStart, TimeSpan.FromSeconds(seconds));
}
