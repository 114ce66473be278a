using System.Text.Json.Nodes;
using Deepthought.Protocols.Profile;

namespace Deepthought.Twin.Kubernetes.Api.Rbac;

/// <summary>
/// The RBAC objects the twin API starts with: the API server's own bootstrap roles (cluster-admin for
/// system:masters, discovery and health for every authenticated user) and one of the project's shipped auditor
/// roles (<c>profiles/rbac/auditor.yaml</c>, or <c>auditor-no-secrets.yaml</c>), read from the repository when there
/// is one, else from the copy embedded at build.
/// </summary>
public static class RbacPolicy
{
    public const string AuditorFile = AuditorRoles.Default;
    public const string NoSecretsAuditorFile = AuditorRoles.NoSecrets;

    /// <summary>The shipped auditor roles the twin can enforce.</summary>
    public static readonly IReadOnlyList<string> AuditorFiles = [AuditorFile, NoSecretsAuditorFile];

    /// <summary>The auditor policy's YAML and where it came from (a path, or "embedded").</summary>
    public static (string Yaml, string Source) LoadAuditor(string? startDirectory = null, string file = AuditorFile)
    {
        if (!AuditorFiles.Contains(file))
        {
            throw new ArgumentException($"unknown auditor role {file}; the shipped ones are {string.Join(", ", AuditorFiles)}", nameof(file));
        }

        var embeddedName = "Deepthought.Twin.rbac." + Path.GetFileName(file);
        for (var dir = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Deepthought.Conformance.sln")))
            {
                var path = Path.Combine(dir.FullName, file);
                if (File.Exists(path))
                {
                    return (File.ReadAllText(path), path);
                }

                break;
            }
        }

        using var stream = typeof(RbacPolicy).Assembly.GetManifestResourceStream(embeddedName)
            ?? throw new InvalidOperationException($"{file} is neither in the repository nor embedded in {typeof(RbacPolicy).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return (reader.ReadToEnd(), "embedded");
    }

    /// <summary>The bootstrap roles and bindings every API server has (a subset: what clients of the twin touch).</summary>
    public static IReadOnlyList<JsonObject> Bootstrap() =>
    [
        ClusterRole("cluster-admin", Rule(["*"], apiGroups: ["*"], resources: ["*"]), Rule(["*"], nonResourceUrls: ["*"])),
        Binding("cluster-admin", "Group", KubeUser.Masters),
        ClusterRole("system:discovery", Rule(["get"], nonResourceUrls: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])),
        Binding("system:discovery", "Group", "system:authenticated"),
        ClusterRole("system:public-info-viewer", Rule(["get"], nonResourceUrls: ["/healthz", "/livez", "/readyz", "/version", "/version/"])),
        Binding("system:public-info-viewer", "Group", "system:authenticated"),
        ClusterRole("system:basic-user", Rule(["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"])),
        Binding("system:basic-user", "Group", "system:authenticated"),
    ];

    private static JsonObject Rule(string[] verbs, string[]? apiGroups = null, string[]? resources = null, string[]? nonResourceUrls = null)
    {
        static JsonArray A(string[] v) => new(v.Select(x => (JsonNode)x).ToArray());
        var rule = new JsonObject { ["verbs"] = A(verbs) };
        if (apiGroups is not null)
        {
            rule["apiGroups"] = A(apiGroups);
            rule["resources"] = A(resources ?? []);
        }

        if (nonResourceUrls is not null)
        {
            rule["nonResourceURLs"] = A(nonResourceUrls);
        }

        return rule;
    }

    private static JsonObject ClusterRole(string name, params JsonObject[] rules)
    {
        var o = Manifest.Object("rbac.authorization.k8s.io/v1", "ClusterRole", name, labels: new Dictionary<string, string> { ["kubernetes.io/bootstrapping"] = "rbac-defaults" });
        o["rules"] = new JsonArray(rules.Select(r => (JsonNode)r).ToArray());
        return o;
    }

    private static JsonObject Binding(string role, string subjectKind, string subject)
    {
        var o = Manifest.Object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", role, labels: new Dictionary<string, string> { ["kubernetes.io/bootstrapping"] = "rbac-defaults" });
        o["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role };
        o["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = subjectKind, ["name"] = subject });
        return o;
    }
}
