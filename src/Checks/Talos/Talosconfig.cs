using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Protocols.Talos.Tls;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Deepthought.Checks.Talos;

/// <summary>
/// One context of a talosconfig (talosctl's client config): where to connect (endpoints), whom to target (nodes) and
/// the credentials. Lookup as talosctl: an explicit path, else $TALOSCONFIG, else ~/.talos/config; the context given,
/// else the file's <c>context</c>.
/// </summary>
public sealed class Talosconfig
{
    private Talosconfig(string path, string context, IReadOnlyList<string> endpoints, IReadOnlyList<string> nodes, TalosCredentials credentials, string endpointsSource)
    {
        Path = path;
        Context = context;
        Endpoints = endpoints;
        Nodes = nodes;
        Credentials = credentials;
        EndpointsSource = endpointsSource;
    }

    public string Path { get; }

    public string Context { get; }

    /// <summary>Endpoints in use (host or host:port): as written in the context, or as <see cref="WithEndpoints"/> chose.</summary>
    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>Where <see cref="Endpoints"/> came from ("talosconfig", the override's name, the profile).</summary>
    public string EndpointsSource { get; }

    public IReadOnlyList<string> Nodes { get; }

    public TalosCredentials Credentials { get; }

    /// <summary>Where a talosconfig is looked for when none is given: $TALOSCONFIG, then ~/.talos/config.</summary>
    public static string? DefaultPath(Func<string, string?>? getenv = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        var fromEnv = getenv("TALOSCONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : System.IO.Path.Combine(home, ".talos", "config");
    }

    public static Talosconfig Load(string? path, string? context)
    {
        path ??= DefaultPath() ?? throw new ConfigurationException("no talosconfig: set TALOSCONFIG to the talosconfig `talosctl gen config` wrote");
        if (!System.IO.File.Exists(path))
        {
            throw new ConfigurationException($"{path}: talosconfig not found — set TALOSCONFIG to the talosconfig `talosctl gen config` wrote");
        }

        TalosconfigFile file;
        try
        {
            file = new DeserializerBuilder().IgnoreUnmatchedProperties().Build().Deserialize<TalosconfigFile>(System.IO.File.ReadAllText(path)) ?? new TalosconfigFile();
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"{path}:{e.Start.Line}:{e.Start.Column}: not a talosconfig ({e.Message.Split('\n')[0]}) — regenerate it with `talosctl gen config`");
        }

        if (file.Contexts.Count == 0)
        {
            throw new ConfigurationException($"{path}: talos config file is empty (no contexts)");
        }

        var name = string.IsNullOrWhiteSpace(context) ? file.Context : context;
        if (string.IsNullOrWhiteSpace(name) || !file.Contexts.TryGetValue(name, out var ctx) || ctx is null)
        {
            throw new ConfigurationException(
                $"{path}: context \"{name}\" not found in config; it has: {string.Join(", ", file.Contexts.Keys.Order(StringComparer.Ordinal))}");
        }

        // `talosctl gen config` writes `endpoints: []`: an endpoint-less context is normal (talosctl -e supplies one).
        var endpoints = (ctx.Endpoints ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToList();
        var credentials = TalosCredentials.FromBase64(ctx.Ca, ctx.Crt, ctx.Key, $"{path}: context \"{name}\"");
        return new Talosconfig(path, name, endpoints, (ctx.Nodes ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).ToList(), credentials, "talosconfig");
    }

    /// <summary>The same context with other endpoints, as talosctl's <c>-e</c> replaces the context's endpoints.</summary>
    public Talosconfig WithEndpoints(IReadOnlyList<string> endpoints, string source) =>
        new(Path, Context, endpoints, Nodes, Credentials, source);

    /// <summary>Splits an endpoint into host and port (talosctl adds :50000 when there is none; https://host becomes host:443).</summary>
    public static (string Host, int Port) ParseEndpoint(string endpoint, int defaultPort)
    {
        var e = endpoint.Trim();
        if (e.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(e);
            return (uri.Host, uri.IsDefaultPort ? 443 : uri.Port);
        }

        if (e.StartsWith('['))
        {
            var close = e.IndexOf(']', StringComparison.Ordinal);
            var host = e[1..close];
            return (host, close + 2 < e.Length ? int.Parse(e[(close + 2)..], System.Globalization.CultureInfo.InvariantCulture) : defaultPort);
        }

        var colon = e.LastIndexOf(':');
        return colon > 0 && e.IndexOf(':', StringComparison.Ordinal) == colon
            ? (e[..colon], int.Parse(e[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            : (e, defaultPort);
    }

    public override string ToString() => $"{Path} (context {Context}, endpoints {string.Join(",", Endpoints)})";

    // YAML shape of talosconfig (pkg/machinery/client/config/config.go).
    private sealed class TalosconfigFile
    {
        [YamlMember(Alias = "context")]
        public string? Context { get; set; }

        [YamlMember(Alias = "contexts")]
        public Dictionary<string, FileContext?> Contexts { get; set; } = [];
    }

    private sealed class FileContext
    {
        [YamlMember(Alias = "endpoints")]
        public List<string>? Endpoints { get; set; } = [];

        [YamlMember(Alias = "nodes")]
        public List<string>? Nodes { get; set; } = [];

        [YamlMember(Alias = "ca")]
        public string? Ca { get; set; }

        [YamlMember(Alias = "crt")]
        public string? Crt { get; set; }

        [YamlMember(Alias = "key")]
        public string? Key { get; set; }
    }
}
