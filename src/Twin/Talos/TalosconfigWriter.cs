using System.Text;

namespace Deepthought.Twin.Talos;

/// <summary>One context of the twin's talosconfig.</summary>
public sealed record TalosconfigContext(string Name, IReadOnlyList<string> Endpoints, IReadOnlyList<string> Nodes, string CaPem, CertifiedKey Client);

/// <summary>Writes a talosconfig as talosctl does (context, contexts with endpoints, nodes and base64-of-PEM ca/crt/key), mode 0600.</summary>
public static class TalosconfigWriter
{
    public static void Write(string path, string currentContext, IEnumerable<TalosconfigContext> contexts)
    {
        var y = new StringBuilder();
        y.Append("context: ").Append(currentContext).Append('\n');
        y.Append("contexts:\n");
        foreach (var c in contexts)
        {
            y.Append("    ").Append(c.Name).Append(":\n");
            y.Append(c.Endpoints.Count == 0 ? "        endpoints: []\n" : "        endpoints:\n");
            foreach (var e in c.Endpoints)
            {
                y.Append("            - ").Append(e).Append('\n');
            }

            if (c.Nodes.Count > 0)
            {
                y.Append("        nodes:\n");
            }

            foreach (var n in c.Nodes)
            {
                y.Append("            - ").Append(n).Append('\n');
            }

            y.Append("        ca: ").Append(TalosPki.Base64(c.CaPem)).Append('\n');
            y.Append("        crt: ").Append(TalosPki.Base64(c.Client.CertificatePem)).Append('\n');
            y.Append("        key: ").Append(TalosPki.Base64(c.Client.PrivateKeyPem)).Append('\n');
        }

        File.WriteAllText(path, y.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
