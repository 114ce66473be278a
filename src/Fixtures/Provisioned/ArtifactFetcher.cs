using Deepthought.Checks.Model;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;

namespace Deepthought.Fixtures.Provisioned;

/// <summary>Downloads an artifact to a file; the tests replace it.</summary>
public interface IArtifactFetcher
{
    Task FetchAsync(PinnedArtifact artifact, string destination, ICommandRunner runner, IReadOnlyDictionary<string, string> tools, CancellationToken cancellationToken);
}

/// <summary>Manifests over HTTPS (with a timeout), charts with helm pull from their repository at the pinned version.</summary>
public sealed class HttpArtifactFetcher : IArtifactFetcher
{
    public async Task FetchAsync(PinnedArtifact artifact, string destination, ICommandRunner runner, IReadOnlyDictionary<string, string> tools, CancellationToken cancellationToken)
    {
        if (artifact.Kind == ArtifactKind.HelmChart)
        {
            var outcome = await runner.RunAsync(tools["helm"], ["pull", artifact.Chart!, "--repo", artifact.Url, "--version", artifact.Version, "--destination", Path.GetDirectoryName(destination)!], TimeSpan.FromMinutes(3), cancellationToken);
            if (outcome.ExitCode != 0 || !File.Exists(destination))
            {
                throw new TargetStartException($"provisioned target: helm pull {artifact.Chart} {artifact.Version} from {artifact.Url} failed: {Last(outcome.StandardError)}");
            }

            return;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            await using var body = await http.GetStreamAsync(artifact.Url, cancellationToken);
            await using var file = File.Create(destination);
            await body.CopyToAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TargetStartException($"provisioned target: download of {artifact.Url} failed: {e.Message}");
        }
    }

    private static string Last(string text) => text.Trim().Split('\n').LastOrDefault()?.Trim() ?? "";
}
