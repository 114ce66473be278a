using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Mesh;

/// <summary>The shipped profile, as is or with one edit (e.g. a pinned anchor fingerprint).</summary>
internal static class RepoFiles
{
    public static ClusterProfile LoadProfile() => Repo.LoadProfile();

    /// <summary>The shipped profile with one edit applied to its text; the edit must apply.</summary>
    public static ClusterProfile ProfileWith(string find, string replace)
    {
        var text = File.ReadAllText(Repo.Profile);
        text.Should().Contain(find, "the edit must apply to the shipped profile");
        var profile = ProfileLoader.Parse(text.Replace(find, replace, StringComparison.Ordinal), Repo.Profile);
        profile.SourcePath = Repo.Profile;
        return profile;
    }
}
