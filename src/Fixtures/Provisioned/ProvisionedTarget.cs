using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;
using k8s;

namespace Deepthought.Fixtures.Provisioned;

/// <summary>
/// The provisioned target: checks that this machine can run kind, creates a throwaway cluster, installs what the seed
/// installs that can run there (<see cref="InstallPlan"/>), writes the kind profile and attaches to it. The cluster is
/// deleted when the session ends, and also when a step fails or the start is cancelled.
/// </summary>
public sealed class ProvisionedTarget
{
    public const string KindVariable = "DEEPTHOUGHT_KIND";
    public const string HelmVariable = "DEEPTHOUGHT_HELM";
    public const string KubectlVariable = "DEEPTHOUGHT_KUBECTL";
    public const string DockerVariable = "DEEPTHOUGHT_DOCKER";

    private readonly ICommandRunner _runner;
    private readonly IArtifactFetcher _fetcher;
    private readonly Func<string, string?> _getenv;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly IReadOnlyList<PinnedArtifact> _artifacts;

    public ProvisionedTarget(ICommandRunner? runner = null, IArtifactFetcher? fetcher = null, Func<string, string?>? getenv = null, TimeProvider? time = null, Action<string>? log = null, IReadOnlyList<PinnedArtifact>? artifacts = null)
    {
        _artifacts = artifacts ?? PinnedArtifacts.All;
        _runner = runner ?? new CliCommandRunner();
        _fetcher = fetcher ?? new HttpArtifactFetcher();
        _getenv = getenv ?? Environment.GetEnvironmentVariable;
        _time = time ?? TimeProvider.System;
        _log = log ?? (line => Console.Error.WriteLine(line));
    }

    /// <summary>The steps run so far (ids), in order, including the delete; for the tests and the log.</summary>
    public List<string> Executed { get; } = [];

    /// <summary>
    /// The programs the target needs, each from its DEEPTHOUGHT_* variable or PATH, plus a reachable Docker engine.
    /// Anything missing is one configuration error (exit 2) naming every missing piece and how to provide it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> CheckPrerequisitesAsync(CancellationToken cancellationToken)
    {
        var tools = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (name, variable) in new[] { ("docker", DockerVariable), ("kind", KindVariable), ("helm", HelmVariable), ("kubectl", KubectlVariable) })
        {
            var found = Locate(name, variable);
            if (found is null)
            {
                missing.Add(_getenv(variable) is { Length: > 0 } given
                    ? $"{name} ({variable}={given}: no such file)"
                    : $"{name} (not on PATH; install it or set {variable})");
            }
            else
            {
                tools[name] = found;
            }
        }

        if (tools.TryGetValue("docker", out var docker))
        {
            var info = await _runner.RunAsync(docker, ["info", "--format", "{{.ServerVersion}} {{json .SecurityOptions}}"], TimeSpan.FromSeconds(20), cancellationToken);
            if (info.ExitCode != 0)
            {
                missing.Add($"a reachable Docker engine (docker info: {FirstLine(info.StandardError)})");
            }
            else if (info.StandardOutput.Contains("rootless", StringComparison.Ordinal))
            {
                missing.Add("a Docker engine that allows privileged containers (this one runs rootless)");
            }
        }

        if (missing.Count > 0)
        {
            throw new ConfigurationException(
                "DEEPTHOUGHT_TARGET=provisioned: needs a Docker host that allows privileged containers (kind, K3s or Talos in Docker) " +
                $"and the kind, helm and kubectl programs; missing here: {string.Join("; ", missing)} — use twin or attach, or run .github/workflows/e2e-kind.yml on a hosted runner");
        }

        return tools;
    }

    /// <summary>Provisions and attaches; returns the session (its disposal deletes the cluster) and the profile it wrote.</summary>
    public async Task<(TargetSession Session, ClusterProfile Profile)> StartAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var tools = await CheckPrerequisitesAsync(cancellationToken);
        InstallPlan.RequireVerified(_artifacts, settings.AllowUnverifiedArtifacts);
        // Not under reports/: the folder holds the kind kubeconfig and the Linkerd keys; it is removed with the cluster.
        var work = Directory.CreateTempSubdirectory("deepthought-provisioned-").FullName;
        var options = new ProvisionOptions(work) { AllowUnverified = settings.AllowUnverifiedArtifacts };
        Directory.CreateDirectory(options.ArtifactDirectory);

        var created = false;
        try
        {
            foreach (var step in InstallPlan.Create(options, _artifacts))
            {
                cancellationToken.ThrowIfCancellationRequested();
                created |= step.Id == "kind-create";
                await ExecuteAsync(step, options, tools, cancellationToken);
            }

            var profilePath = await WriteProfileAsync(options, tools, cancellationToken);
            var profile = ProfileLoader.Load(profilePath);
            var session = AttachTarget.Connect(options.Kubeconfig, $"kind-{options.ClusterName}", null, null, "provisioned", dispose: () => new ValueTask(DeleteAsync(options, tools)));
            session.Notices.Add($"provisioned target: kind {PinnedArtifacts.KindVersion} cluster '{options.ClusterName}' on {options.NodeImage}; profile {profilePath}");
            foreach (var (phase, reason) in KindProfile.SkippedPhases)
            {
                session.SkippedPhases[phase] = reason;
            }

            session.Facts["kind node image"] = options.NodeImage;
            return (session, profile);
        }
        catch when (created)
        {
            await DeleteAsync(options, tools);
            throw;
        }
        catch
        {
            DeleteWorkDirectory(options);
            throw;
        }
    }

    /// <summary>Deletes the cluster with its own timeout, never with the run's (possibly cancelled) token.</summary>
    public async Task DeleteAsync(ProvisionOptions options, IReadOnlyDictionary<string, string> tools)
    {
        var step = InstallPlan.Delete(options);
        Executed.Add(step.Id);
        var outcome = await _runner.RunAsync(tools["kind"], step.Arguments, step.Timeout, CancellationToken.None);
        DeleteWorkDirectory(options);
        _log(outcome.ExitCode == 0
            ? $"provisioned target: deleted kind cluster '{options.ClusterName}'"
            : $"provisioned target: kind delete cluster --name {options.ClusterName} failed ({FirstLine(outcome.StandardError)}); delete it by hand");
    }

    private static void DeleteWorkDirectory(ProvisionOptions options)
    {
        try
        {
            Directory.Delete(options.WorkDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    internal async Task ExecuteAsync(InstallStep step, ProvisionOptions options, IReadOnlyDictionary<string, string> tools, CancellationToken cancellationToken)
    {
        Executed.Add(step.Id);
        _log($"provisioned target: {step.Description}");
        switch (step.Kind)
        {
            case StepKind.WriteFile:
                Directory.CreateDirectory(Path.GetDirectoryName(step.Path!)!);
                await File.WriteAllTextAsync(step.Path!, step.Content, cancellationToken);
                break;
            case StepKind.Fetch:
                await FetchAsync(step.Artifact!, options, tools, cancellationToken);
                break;
            case StepKind.Certificates:
                StepCertificates.WriteTo(step.Path!, _time.GetUtcNow());
                break;
            case StepKind.ExtractFromChart:
                ExtractFromChart(options.ArtifactPath(step.Artifact!), step.Artifact!.Chart!, step.EntryInChart!, step.Path!);
                break;
            case StepKind.Command:
                var outcome = await _runner.RunAsync(tools[step.Program], step.Arguments, step.Timeout, cancellationToken);
                if (outcome.ExitCode != 0)
                {
                    throw new TargetStartException($"provisioned target: step {step.Id} ({step.Description}) failed with exit code {outcome.ExitCode}: {FirstLine(outcome.StandardError)}");
                }

                break;
        }
    }

    private async Task FetchAsync(PinnedArtifact artifact, ProvisionOptions options, IReadOnlyDictionary<string, string> tools, CancellationToken cancellationToken)
    {
        var path = options.ArtifactPath(artifact);
        await _fetcher.FetchAsync(artifact, path, _runner, tools, cancellationToken);
        var actual = Sha256Of(path);
        if (artifact.Sha256 is null)
        {
            // Only reached with AllowUnverified (RequireVerified refused earlier otherwise).
            _log($"provisioned target: UNVERIFIED {artifact.Name} {artifact.Version} ({artifact.Url}) has SHA-256 {actual} — record it in PinnedArtifacts.cs");
            return;
        }

        if (!string.Equals(actual, artifact.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new TargetStartException($"provisioned target: {artifact.Url}: SHA-256 {actual}, expected {artifact.Sha256} — the upstream file changed or the download was altered; nothing was installed from it");
        }
    }

    private async Task<string> WriteProfileAsync(ProvisionOptions options, IReadOnlyDictionary<string, string> tools, CancellationToken cancellationToken)
    {
        var nodes = await _runner.RunAsync(tools["kubectl"], ["--kubeconfig", options.Kubeconfig, "get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.addresses[?(@.type==\"InternalIP\")].address}{\"\\n\"}{end}"], TimeSpan.FromMinutes(1), cancellationToken);
        if (nodes.ExitCode != 0)
        {
            throw new TargetStartException($"provisioned target: kubectl get nodes failed: {FirstLine(nodes.StandardError)}");
        }

        var ips = nodes.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var server = KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig).Host;
        return KindProfile.Write(Path.Combine(options.WorkDirectory, "deepthought-kind.yaml"), options, server, ips, Path.Combine(options.CertificateDirectory, "ca.crt"));
    }

    internal static void ExtractFromChart(string chartArchive, string chart, string entry, string destination)
    {
        using var gzip = new GZipStream(File.OpenRead(chartArchive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var wanted = $"{chart}/{entry}";
        while (tar.GetNextEntry() is { } item)
        {
            if (item.Name == wanted && item.DataStream is not null)
            {
                using var output = File.Create(destination);
                item.DataStream.CopyTo(output);
                return;
            }
        }

        throw new ConfigurationException($"provisioned target: {chartArchive} has no {wanted} — the pinned chart is not the one the seed fetches");
    }

    internal static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private string? Locate(string name, string variable)
    {
        if (_getenv(variable) is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? explicitPath : null;
        }

        foreach (var dir in (_getenv("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string FirstLine(string text) => text.Trim().Split('\n').FirstOrDefault()?.Trim() is { Length: > 0 } l ? l : "no message";
}
