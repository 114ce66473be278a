using System.Text;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// Writes the twin's kubeconfig: one cluster named after the profile, the admin and auditor users (client
/// certificates), contexts <c>admin@cluster</c> (current) and <c>auditor@cluster</c>. TLS is verified through
/// certificate-authority-data; the CA's private key is never part of it.
/// </summary>
public static class KubeconfigWriter
{
    public static string Render(string cluster, string server, string caPem, IReadOnlyList<(string Name, ClientIdentity Identity)> users, string? clusterEntry = null)
    {
        // talosctl names the cluster entry after the cluster; a scenario names it otherwise (the contexts keep their names).
        var entry = clusterEntry ?? cluster;
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\nkind: Config\n");
        sb.Append("clusters:\n");
        sb.Append($"- name: {entry}\n  cluster:\n    server: {server}\n    certificate-authority-data: {B64(caPem)}\n");
        sb.Append("users:\n");
        foreach (var (name, id) in users)
        {
            sb.Append($"- name: {name}@{cluster}\n  user:\n    client-certificate-data: {B64(id.CertificatePem)}\n    client-key-data: {B64(id.KeyPem)}\n");
        }

        sb.Append("contexts:\n");
        foreach (var (name, _) in users)
        {
            sb.Append($"- name: {name}@{cluster}\n  context:\n    cluster: {entry}\n    user: {name}@{cluster}\n");
        }

        sb.Append($"current-context: {users[0].Name}@{cluster}\npreferences: {{}}\n");
        return sb.ToString();
    }

    /// <summary>Writes the file readable by its owner only (it holds client keys).</summary>
    public static void Write(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
