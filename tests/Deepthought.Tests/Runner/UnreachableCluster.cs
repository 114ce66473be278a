using System.Net;
using System.Net.Sockets;

namespace Deepthought.Tests.Runner;

/// <summary>A kubeconfig pointing at a loopback port nothing listens on: every probe fails fast with "connection refused".</summary>
internal static class UnreachableCluster
{
    public static string WriteKubeconfig(string folder)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var path = Path.Combine(folder, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: nowhere
              cluster:
                server: https://127.0.0.1:{port}
            contexts:
            - name: nowhere
              context: {"{"} cluster: nowhere, user: nobody {"}"}
            current-context: nowhere
            users:
            - name: nobody
              user: {"{"} username: nobody, password: not-a-secret {"}"}
            """);
        return path;
    }
}
