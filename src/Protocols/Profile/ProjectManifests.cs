using System.Text.Json.Nodes;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Profile;

namespace Deepthought.Protocols.Profile;

/// <summary>
/// The manifests this project wrote from the seed (profiles/&lt;profile&gt;/manifests/): what the seed applies with
/// kubectl, what acceptance mode applies, and what the twin is built from.
/// </summary>
public static class ProjectManifests
{
    public const string Gateway = "gateway.yaml";
    public const string HttpRoute = "http-route.yaml";
    public const string PolicyAttachment = "policy-attachment.yaml";
    public const string ServerAuthorization = "server-authorization.yaml";
    public const string AuthorizationPolicy = "authorization-policy.yaml";

    /// <summary>The authorization manifest the profile selects with policy.form.</summary>
    public static string AuthorizationFile(PolicyProfile policy) =>
        policy.Form == PolicyForm.AuthorizationPolicy ? AuthorizationPolicy : ServerAuthorization;

    /// <summary>
    /// profiles/&lt;name&gt;/manifests next to the profile file; a profile built in code (no file) falls back to the
    /// repository's copy, found above the running assembly.
    /// </summary>
    public static string Folder(ClusterProfile profile)
    {
        if (profile.SourcePath.Length > 0)
        {
            var beside = Path.Combine(Path.GetDirectoryName(profile.SourcePath)!, profile.Name, "manifests");
            if (Directory.Exists(beside))
            {
                return beside;
            }
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "profiles", profile.Name, "manifests");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new ConfigurationException(
            $"{(profile.SourcePath.Length > 0 ? profile.SourcePath : "the profile")}: no manifests folder profiles/{profile.Name}/manifests next to it — " +
            "the Gateway and Policy phases apply and compare the project's manifests; create that folder (see profiles/deepthought/manifests)");
    }

    /// <summary>Every document of one manifest file.</summary>
    public static IReadOnlyList<JsonObject> Load(ClusterProfile profile, string fileName)
    {
        var path = Path.Combine(Folder(profile), fileName);
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"{path}: manifest not found — the project ships it in profiles/deepthought/manifests/{fileName}");
        }

        return YamlJson.ParseDocuments(File.ReadAllText(path), path);
    }

    /// <summary>The one document of the given kind in a manifest file (an error naming the file when absent).</summary>
    public static JsonObject LoadOne(ClusterProfile profile, string fileName, string kind) =>
        Load(profile, fileName).FirstOrDefault(d => (string?)d["kind"] == kind)
        ?? throw new ConfigurationException($"{Path.Combine(Folder(profile), fileName)}: no {kind} document in it");
}
