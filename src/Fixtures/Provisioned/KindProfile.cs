using System.Globalization;
using System.Text;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;

namespace Deepthought.Fixtures.Provisioned;

/// <summary>
/// The profile of the kind cluster the provisioned target builds: the seed's mesh, gateway and policy expectations on
/// kind's nodes. There is no Talos API and no Ceph in kind, so the Talos, Etcd and Storage phases are skipped with
/// <see cref="SkippedPhases"/>'s reasons (except the Kubernetes API check the other phases depend on).
/// </summary>
public static class KindProfile
{
    public static IReadOnlyDictionary<Phase, string> SkippedPhases { get; } = new Dictionary<Phase, string>
    {
        [Phase.Talos] = "provisioned target (kind): the nodes are kind containers, there is no Talos API",
        [Phase.Etcd] = "provisioned target (kind): etcd is kubeadm's static pod, not reachable through a Talos API",
        [Phase.Storage] = "provisioned target (kind): no Rook-Ceph (kind nodes have no data disks)",
    };

    /// <summary>Writes the profile to <paramref name="path"/>; node IPs come from the running cluster (name → InternalIP).</summary>
    public static string Write(string path, ProvisionOptions options, string apiServer, IReadOnlyDictionary<string, string> nodeIps, string trustAnchorPem)
    {
        var nodes = new[] { options.ControlPlaneNode }.Concat(options.WorkerNodes).ToList();
        var missing = nodes.Where(n => !nodeIps.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new TargetStartException($"provisioned target: kind did not report the node(s) {string.Join(", ", missing)} (kubectl get nodes listed {string.Join(", ", nodeIps.Keys)})");
        }

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            # Written by the provisioned target (kind) for one run; not a cluster the seed builds by hand.
            # Skipped here: {string.Join("; ", SkippedPhases.Values)}.
            name: {options.ClusterName}
            kubernetes:
              endpoint: {apiServer}
              context: kind-{options.ClusterName}
            talos:
              version: v1.10.3                      # not checked: no Talos API in kind
            nodes:

            """);
        foreach (var node in nodes)
        {
            var cp = node == options.ControlPlaneNode;
            sb.Append(CultureInfo.InvariantCulture, $"""
                  - name: {node}
                    ip: {nodeIps[node]}
                    role: {(cp ? "controlPlane" : "worker")}
                {(cp ? "    etcd: true\n    schedulable: true\n" : "")}    disks:
                      os: {"{"} device: none {"}"}
                      data: []

                """);
        }

        sb.Append(CultureInfo.InvariantCulture, $"""
            podSecurity:
              privilegedNamespaces: [linkerd, emojivoto]
            storage:
              enabled: false
            mesh:
              gatewayApi: {"{"} bundleVersion: v1.2.1, channel: experimental, extraCrds: [backendlbpolicies, backendtlspolicies, tcproutes, tlsroutes, udproutes] {"}"}
              linkerd:
                namespace: linkerd
                controlPlaneReplicas: 3
                controlPlaneToleration: true
                trustAnchor:
                  commonName: {StepCertificates.TrustAnchorName}
                  pemFile: {trustAnchorPem}
                issuerName: {StepCertificates.IssuerName}
                expiryWarningDays: 60
                proxyInitRunAsRoot: true
              meshedNamespaces: [emojivoto]
            gateway:
              contourNamespace: projectcontour
              gatewayClass: contour
              gatewayName: deepthought
              gatewayNamespace: projectcontour
              routeName: emojivoto
              routeNamespace: emojivoto
              hostname: emojivoto.deepthought.local
            policy:
              form: serverAuthorization
              namespace: emojivoto
              serverName: voting-grpc
              authorizationName: voting-grpc
              port: grpc
              allowedServiceAccounts: [web]
              propagationBudgetSeconds: 30

            """);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
