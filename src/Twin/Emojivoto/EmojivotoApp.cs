namespace Deepthought.Twin.Emojivoto;

/// <summary>A container port of a workload (name and number as in the manifest).</summary>
public sealed record AppPort(string Name, int Number);

/// <summary>A Service port: name, port clients dial, the pod's target port.</summary>
public sealed record ServicePort(string Name, int Port, int TargetPort);

/// <summary>One emojivoto Deployment as run.linkerd.io/emojivoto.yml (v11) declares it.</summary>
public sealed record EmojivotoDeployment(
    string Name,
    string App,
    string Container,
    string Image,
    string? ServiceAccount,
    IReadOnlyList<AppPort> Ports,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    string CpuRequest,
    IReadOnlyList<string>? Command = null)
{
    /// <summary>The service account the pod runs as (vote-bot names none, so Kubernetes uses "default").</summary>
    public string EffectiveServiceAccount => ServiceAccount ?? "default";
}

/// <summary>One emojivoto Service: name, ports, the app label it selects, whether the manifest spells out the type.</summary>
public sealed record EmojivotoService(string Name, string App, IReadOnlyList<ServicePort> Ports, bool ExplicitClusterIpType = false);

/// <summary>
/// The emojivoto demo, v11, as the seed applies it (stack-facts §9): the twin seeds these objects itself, so the
/// product stays self-contained; a fidelity test compares them with the real manifest in the shared data.
/// </summary>
public static class EmojivotoApp
{
    public const string Namespace = "emojivoto";

    public const string Version = "v11";

    public const string ImageRepository = "docker.l5d.io/buoyantio";

    public static IReadOnlyList<string> ServiceAccounts { get; } = ["emoji", "voting", "web"];

    public static IReadOnlyList<EmojivotoService> Services { get; } =
    [
        new("emoji-svc", "emoji-svc", [new("grpc", 8080, 8080), new("prom", 8801, 8801)]),
        new("voting-svc", "voting-svc", [new("grpc", 8080, 8080), new("prom", 8801, 8801)]),
        new("web-svc", "web-svc", [new("http", 80, 8080)], ExplicitClusterIpType: true),
    ];

    /// <summary>In manifest order (emoji, vote-bot, voting, web).</summary>
    public static IReadOnlyList<EmojivotoDeployment> Deployments { get; } =
    [
        new("emoji", "emoji-svc", "emoji-svc", $"{ImageRepository}/emojivoto-emoji-svc:{Version}", "emoji",
            [new("grpc", 8080), new("prom", 8801)], [Kv("GRPC_PORT", "8080"), Kv("PROM_PORT", "8801")], "100m"),
        new("vote-bot", "vote-bot", "vote-bot", $"{ImageRepository}/emojivoto-web:{Version}", null,
            [], [Kv("WEB_HOST", "web-svc.emojivoto:80")], "10m", ["emojivoto-vote-bot"]),
        new("voting", "voting-svc", "voting-svc", $"{ImageRepository}/emojivoto-voting-svc:{Version}", "voting",
            [new("grpc", 8080), new("prom", 8801)], [Kv("GRPC_PORT", "8080"), Kv("PROM_PORT", "8801")], "100m"),
        new("web", "web-svc", "web-svc", $"{ImageRepository}/emojivoto-web:{Version}", "web",
            [new("http", 8080)],
            [Kv("WEB_PORT", "8080"), Kv("EMOJISVC_HOST", "emoji-svc.emojivoto:8080"), Kv("VOTINGSVC_HOST", "voting-svc.emojivoto:8080"), Kv("INDEX_BUNDLE", "dist/index_bundle.js")],
            "100m"),
    ];

    public static EmojivotoDeployment Deployment(string name) => Deployments.First(d => d.Name == name);

    public static string Env(this EmojivotoDeployment deployment, string name) => deployment.Env.First(e => e.Key == name).Value;

    private static KeyValuePair<string, string> Kv(string k, string v) => new(k, v);
}
