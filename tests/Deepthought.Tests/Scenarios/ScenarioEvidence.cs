namespace Deepthought.Tests.Scenarios;

/// <summary>
/// The cause each twin scenario must be failed FOR: a token that the message of every check it breaks must contain,
/// so the matrix proves the right reason, not only the right outcome. A key is a scenario ("osd-down"), or a scenario
/// and a check ("osd-down/storage.osds-up-in") where the checks it breaks see the fault differently.
/// </summary>
public static class ScenarioEvidence
{
    public static readonly IReadOnlyDictionary<string, string> Tokens = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Talos and Kubernetes
        ["apid-unreachable"] = "did not answer",
        ["controlplane-tainted"] = "node-role.kubernetes.io/control-plane:NoSchedule",
        ["kube-api-down"] = "unreachable",
        ["kubeconfig-foreign-cluster"] = "homelab-old",
        ["node-missing/talos.nodes-registered"] = "absent from kubectl get nodes",
        ["node-missing/mesh.linkerd-control-plane-ha"] = "2 distinct node(s)",
        ["node-not-ready"] = "NodeStatusUnknown",
        ["node-talos-version-drift"] = "v1.10.2",
        ["node-wrong-ip"] = "192.168.1.250",
        ["talos-client-cert-expired/talos.api-reachable"] = "refused the talosconfig",
        ["talos-client-cert-expired/talos.talosconfig-certificates"] = "got expired",
        ["talos-client-cert-expiring"] = "got expires on",
        ["talosconfig-wrong-ca"] = "is not signed by",

        // etcd
        ["etcd-member-stopped/talos.services-healthy"] = "etcd process exited",
        ["etcd-member-stopped/etcd.fault-tolerance"] = "with 2 healthy",
        ["etcd-member-stopped/etcd.member-health"] = "talos-cp3-slartibartfast",
        ["etcd-member-stopped/etcd.members"] = "talos-cp3-slartibartfast",
        ["etcd-nospace/etcd.alarms"] = "NOSPACE",
        ["etcd-nospace/etcd.member-health"] = "NOSPACE",
        ["etcd-nospace/etcd.db-size"] = "quota",
        ["etcd-peer-url-foreign"] = "10.5.0.2",
        ["etcd-service-unhealthy"] = "Running but unhealthy",

        // Storage
        ["ceph-status-disagrees"] = "HEALTH_WARN",
        ["cephcluster-no-osds/storage.cephcluster-healthy"] = "TOO_FEW_OSDS",
        ["cephcluster-no-osds/storage.osds-up-in"] = "no OSD pod",
        ["cephcluster-uses-all-devices"] = "useAllDevices",
        ["csi-plugin-not-ready"] = "2 ready",
        ["data-disk-gpt"] = "GPT partition table",
        ["data-disk-missing"] = "got no disk sdb",
        ["data-disk-xfs"] = "xfs",
        ["mon-down/storage.cephcluster-healthy"] = "MON_DOWN",
        ["mon-down/storage.mon-quorum"] = "mon.c",
        ["osd-down/storage.cephcluster-healthy"] = "OSD_DOWN",
        ["osd-down/storage.osds-up-in"] = "osd.2",
        ["rook-ceph-not-privileged"] = "got unset",
        ["rook-helm-release-failed"] = "got failed",
        ["rook-operator-unavailable"] = "MinimumReplicasUnavailable",

        // Gateway
        ["contour-provisioner-down"] = "CrashLoopBackOff",
        ["contour-release-failed"] = "got failed",
        ["envoy-not-listening"] = "Connection refused",
        ["gateway-api-bundle-drift"] = "v1.1.0",
        ["gateway-collides-with-bitnami"] = "without those labels",
        ["gateway-not-programmed"] = "AddressNotAssigned",
        ["gatewayclass-wrong-controller"] = "example.net/gateway-controller",
        ["httproute-backend-missing"] = "BackendNotFound",

        // Mesh
        ["emojivoto-not-privileged"] = "got unset",
        ["emojivoto-pod-unmeshed/mesh.emojivoto-meshed"] = "no linkerd-proxy container",
        ["emojivoto-pod-unmeshed/mesh.mtls-edges"] = "4191/metrics",
        ["linkerd-anchor-not-profiled"] = "CN=root.other.cluster.local",
        ["linkerd-control-plane-single-replica"] = "spec.replicas 1",
        ["linkerd-crd-missing"] = "got absent",
        ["linkerd-helm-release-failed"] = "is failed",
        ["linkerd-issuer-expired"] = "got expired",
        ["linkerd-issuer-expiring"] = "got expires",
        ["linkerd-issuer-foreign-anchor"] = "verifies with none of the anchors",
        ["linkerd-not-privileged"] = "got baseline",
        ["linkerd-viz-missing"] = "got absent",
        ["plaintext-edge"] = "no_identity",
        ["proxy-init-not-root"] = "runAsUser 2102",
        ["proxy-metrics-malformed"] = "unparseable line",

        // Policy
        ["authorization-allows-everyone/policy.authorization"] = "admits every client",
        ["authorization-allows-everyone/policy.deny-without-authorization"] = "voting-grpc-everyone",
        ["authorization-missing/policy.authorization"] = "got not found",
        ["authorization-missing/policy.allow-with-authorization"] = "could not be applied",
        ["cleanup-step-fails"] = "failed and succeeded on retry",
        ["policy-propagation-slow"] = "vote accepted",
        ["probe-image-pull-fails"] = "ImagePullBackOff",
        ["server-missing"] = "got not found",
    };

    /// <summary>The token a check broken by a scenario must show, or null when the table has none.</summary>
    public static string? For(string scenario, string check) =>
        Tokens.TryGetValue($"{scenario}/{check}", out var t) ? t : Tokens.GetValueOrDefault(scenario);
}
