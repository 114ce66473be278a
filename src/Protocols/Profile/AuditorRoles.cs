namespace Deepthought.Protocols.Profile;

/// <summary>The read-only roles the project ships (profiles/rbac): which one a twin enforces, and which one the harness
/// asks for. Paths are relative to the repository root.</summary>
public static class AuditorRoles
{
    /// <summary>Lists Secrets in the four Helm namespaces (the Helm-release checks read them).</summary>
    public const string Default = "profiles/rbac/auditor.yaml";

    /// <summary>No Secret access at all; the Helm-release checks skip with the reason.</summary>
    public const string NoSecrets = "profiles/rbac/auditor-no-secrets.yaml";

    public static readonly IReadOnlyList<string> All = [Default, NoSecrets];
}
