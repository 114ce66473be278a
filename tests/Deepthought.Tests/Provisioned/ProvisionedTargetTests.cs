using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Provisioned;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Tests.Reports;

namespace Deepthought.Tests.Provisioned;

public sealed class ProvisionedTargetTests : IDisposable
{
    private readonly TempFolder _folder = new("dt-provisioned");
    private readonly TempFolder _bin = new("dt-bin");
    private readonly FakeRunner _runner = new();
    private readonly List<string> _log = [];

    public void Dispose()
    {
        _folder.Dispose();
        _bin.Dispose();
    }

    private RunSettings Settings(bool allowUnverified = false) => new()
    {
        Target = TargetKind.Provisioned,
        Mode = RunMode.Acceptance,
        ReportsDirectory = _folder.Path,
        AllowUnverifiedArtifacts = allowUnverified,
    };

    private string? PathWith(params string[] tools)
    {
        foreach (var t in tools)
        {
            File.WriteAllText(Path.Combine(_bin.Path, t), "");
        }

        return _bin.Path;
    }

    private ProvisionedTarget Target(IReadOnlyList<PinnedArtifact>? artifacts = null, FakeFetcher? fetcher = null, string? path = null) =>
        new(_runner, fetcher ?? new FakeFetcher(), name => name == "PATH" ? path ?? PathWith("docker", "kind", "helm", "kubectl") : null, log: _log.Add, artifacts: artifacts);

    /// <summary>The real pins with the SHA-256 of the fake content the fake fetcher writes (so verification really runs).</summary>
    private static IReadOnlyList<PinnedArtifact> FakePins() =>
        PinnedArtifacts.All.Select(a => a with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(FakeFetcher.Content(a))) }).ToList();

    [Fact]
    public async Task Prerequisites_OnAMachineWithoutKindHelmKubectlOrDocker_Exit2NamingEachMissingPiece()
    {
        var target = Target(path: _bin.Path);

        var act = () => target.CheckPrerequisitesAsync(CancellationToken.None);

        var e = (await act.Should().ThrowAsync<ConfigurationException>()).Which;
        e.Message.Should().StartWith("DEEPTHOUGHT_TARGET=provisioned: needs a Docker host that allows privileged containers")
            .And.Contain("docker (not on PATH; install it or set DEEPTHOUGHT_DOCKER)")
            .And.Contain("kind (not on PATH; install it or set DEEPTHOUGHT_KIND)")
            .And.Contain("helm (not on PATH").And.Contain("kubectl (not on PATH")
            .And.Contain("e2e-kind.yml");
        _runner.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Prerequisites_AVariableNamingAMissingFile_IsNamedWithItsValue()
    {
        var target = new ProvisionedTarget(_runner, new FakeFetcher(), n => n switch
        {
            "PATH" => PathWith("docker", "kind", "helm", "kubectl"),
            ProvisionedTarget.KindVariable => "/nowhere/kind",
            _ => null,
        });

        var act = () => target.CheckPrerequisitesAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().Contain("kind (DEEPTHOUGHT_KIND=/nowhere/kind: no such file)")
            .And.NotContain("helm (");
    }

    [Fact]
    public async Task Prerequisites_DockerUnreachable_OrRootless_IsNamed()
    {
        _runner.Fail("docker info", 1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock");
        var act = () => Target().CheckPrerequisitesAsync(CancellationToken.None);
        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should()
            .Contain("a reachable Docker engine (docker info: Cannot connect to the Docker daemon").And.NotContain("kind (not on PATH");

        var rootless = new FakeRunner();
        rootless.Answer("docker info", "20.10.24 [\"name=seccomp,profile=default\",\"name=rootless\"]");
        var act2 = () => new ProvisionedTarget(rootless, new FakeFetcher(), n => n == "PATH" ? _bin.Path : null).CheckPrerequisitesAsync(CancellationToken.None);
        (await act2.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().Contain("allows privileged containers (this one runs rootless)");
    }

    [Fact]
    public async Task Start_WithUnverifiedArtifacts_RefusesBeforeDownloadingOrCreatingAnything()
    {
        var fetcher = new FakeFetcher();

        var act = () => Target(fetcher: fetcher).StartAsync(Settings(), CancellationToken.None);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().Contain("no recorded SHA-256").And.Contain("DEEPTHOUGHT_ALLOW_UNVERIFIED_ARTIFACTS=1");
        fetcher.Fetched.Should().BeEmpty();
        _runner.Calls.Should().OnlyContain(c => c.StartsWith("docker info", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_AllowedUnverified_PrintsTheirChecksumsForRecording()
    {
        _runner.Fail("kind create", 1, "ERROR: failed to create cluster: node(s) already exist");
        var pins = PinnedArtifacts.All.Select(a => a.Verified ? a with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(FakeFetcher.Content(a))) } : a).ToList();

        var act = () => Target(pins).StartAsync(Settings(allowUnverified: true), CancellationToken.None);

        await act.Should().ThrowAsync<TargetStartException>();
        var expected = Convert.ToHexStringLower(SHA256.HashData(FakeFetcher.Content(PinnedArtifacts.GatewayApi)));
        _log.Should().Contain(l => l.Contains("UNVERIFIED gateway-api-standard-install v1.2.1") && l.Contains(expected));
    }

    [Fact]
    public async Task Start_ChecksumMismatch_RefusesBeforeTheClusterExists()
    {
        var fetcher = new FakeFetcher { Tamper = PinnedArtifacts.Emojivoto.Name };
        var target = Target(FakePins(), fetcher);

        var act = () => target.StartAsync(Settings(), CancellationToken.None);

        (await act.Should().ThrowAsync<TargetStartException>()).Which.Message.Should()
            .Contain($"{PinnedArtifacts.Emojivoto.Url}: SHA-256").And.Contain("expected").And.Contain("nothing was installed from it");
        _runner.Calls.Should().NotContain(c => c.StartsWith("kind", StringComparison.Ordinal));
        target.Executed.Should().NotContain("kind-create").And.NotContain("kind-delete");
    }

    [Fact]
    public async Task Start_AStepFails_DeletesTheClusterAndNamesTheStep()
    {
        _runner.Fail("helm install linkerd-control-plane", 1, "Error: INSTALLATION FAILED: context deadline exceeded");
        var target = Target(FakePins());

        var act = () => target.StartAsync(Settings(), CancellationToken.None);

        (await act.Should().ThrowAsync<TargetStartException>()).Which.Message.Should()
            .Be("provisioned target: step linkerd-control-plane (Linkerd control plane, HA values, the generated anchor and issuer, proxyInit as root) failed with exit code 1: Error: INSTALLATION FAILED: context deadline exceeded");
        target.Executed.Last().Should().Be("kind-delete");
        _runner.Calls.Last().Should().StartWith("kind delete cluster --name deepthought");
        target.Executed.Should().NotContain("linkerd-viz");
    }

    [Fact]
    public async Task Start_Cancelled_StillDeletesTheCluster_WithoutTheCancelledToken()
    {
        using var cts = new CancellationTokenSource();
        _runner.OnCall("helm install linkerd-crds", cts.Cancel);
        var target = Target(FakePins());

        var act = () => target.StartAsync(Settings(), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        target.Executed.Last().Should().Be("kind-delete");
        _runner.Tokens.Last().CanBeCanceled.Should().BeFalse("the delete runs with its own timeout, not the cancelled run's token");
    }

    [Fact]
    public async Task Start_AllStepsPass_WritesTheKindProfile_Attaches_SkipsTalosEtcdStorage_AndDisposalDeletesTheCluster()
    {
        var target = Target(FakePins());

        var (session, profile) = await target.StartAsync(Settings(), CancellationToken.None);

        target.Executed.Should().NotContain("kind-delete");
        profile.Name.Should().Be("deepthought");
        profile.Nodes.Select(n => n.Name).Should().Equal("deepthought-control-plane", "deepthought-worker", "deepthought-worker2");
        profile.Nodes[1].Ip.Should().Be("172.18.0.3");
        profile.Storage.Enabled.Should().BeFalse();
        profile.Mesh.Linkerd.TrustAnchor.PemFile.Should().EndWith(Path.Combine("certs", "ca.crt"));
        File.Exists(profile.Mesh.Linkerd.TrustAnchor.PemFile).Should().BeTrue();
        session.Name.Should().Be("provisioned");
        session.Connections.KubeContext.Should().Be("kind-deepthought");
        session.SkippedPhases.Keys.Should().BeEquivalentTo([Phase.Talos, Phase.Etcd, Phase.Storage]);
        session.SkippedPhases[Phase.Talos].Should().Contain("no Talos API");
        session.SkippedPhases[Phase.Storage].Should().Contain("no Rook-Ceph");
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(profile.SourcePath)!, "linkerd-values-ha.yaml")).Should().Be("controllerReplicas: 3\n");

        await session.DisposeAsync();

        target.Executed.Last().Should().Be("kind-delete");
        Directory.Exists(Path.GetDirectoryName(profile.SourcePath)).Should().BeFalse("the work folder holds the kubeconfig and the Linkerd keys; it goes with the cluster");
        Directory.EnumerateFileSystemEntries(_folder.Path, "*", SearchOption.AllDirectories).Should().BeEmpty("no key or kubeconfig is written under reports/");
    }

    [Fact]
    public async Task HttpFetcher_UnreachableUrl_OrFailedHelmPull_IsOneClearError()
    {
        var fetcher = new HttpArtifactFetcher();
        var unreachable = PinnedArtifacts.Emojivoto with { Url = "http://127.0.0.1:9/emojivoto.yml" };

        var download = () => fetcher.FetchAsync(unreachable, Path.Combine(_folder.Path, "e.yaml"), _runner, new Dictionary<string, string>(), CancellationToken.None);
        (await download.Should().ThrowAsync<TargetStartException>()).Which.Message.Should().StartWith("provisioned target: download of http://127.0.0.1:9/emojivoto.yml failed: ");

        _runner.Fail("helm pull", 1, "Error: chart \"linkerd-crds\" version \"2025.4.4\" not found in https://helm.linkerd.io/edge repository");
        var pull = () => fetcher.FetchAsync(PinnedArtifacts.LinkerdCrds, Path.Combine(_folder.Path, PinnedArtifacts.LinkerdCrds.FileName), _runner, new Dictionary<string, string> { ["helm"] = "/bin/helm" }, CancellationToken.None);
        (await pull.Should().ThrowAsync<TargetStartException>()).Which.Message.Should()
            .Be("provisioned target: helm pull linkerd-crds 2025.4.4 from https://helm.linkerd.io/edge failed: Error: chart \"linkerd-crds\" version \"2025.4.4\" not found in https://helm.linkerd.io/edge repository");
        _runner.Calls.Last().Should().Be($"helm pull linkerd-crds --repo https://helm.linkerd.io/edge --version 2025.4.4 --destination {_folder.Path}");
    }

    /// <summary>Records every call; answers 0 unless told otherwise; kind create writes a kubeconfig, kubectl get nodes lists kind's three.</summary>
    private sealed class FakeRunner : ICommandRunner
    {
        private readonly Dictionary<string, (int Code, string Err)> _failures = [];
        private readonly Dictionary<string, string> _answers = [];
        private readonly Dictionary<string, Action> _hooks = [];

        public List<string> Calls { get; } = [];

        public List<CancellationToken> Tokens { get; } = [];

        public void Fail(string prefix, int code, string stderr) => _failures[prefix] = (code, stderr);

        public void Answer(string prefix, string stdout) => _answers[prefix] = stdout;

        public void OnCall(string prefix, Action hook) => _hooks[prefix] = hook;

        public Task<CommandOutcome> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
        {
            timeout.Should().BePositive();
            var line = $"{Path.GetFileName(program)} {string.Join(' ', arguments.Where(a => a != "--kubeconfig" && !a.EndsWith("kubeconfig", StringComparison.Ordinal)))}";
            Calls.Add(line);
            Tokens.Add(cancellationToken);
            foreach (var (prefix, hook) in _hooks.Where(h => line.StartsWith(h.Key, StringComparison.Ordinal)))
            {
                hook();
            }

            if (_failures.FirstOrDefault(f => line.StartsWith(f.Key, StringComparison.Ordinal)) is { Key: not null } failure)
            {
                return Task.FromResult(new CommandOutcome(failure.Value.Code, "", failure.Value.Err));
            }

            if (_answers.FirstOrDefault(a => line.StartsWith(a.Key, StringComparison.Ordinal)) is { Key: not null } answer)
            {
                return Task.FromResult(new CommandOutcome(0, answer.Value, ""));
            }

            if (line.StartsWith("kind create", StringComparison.Ordinal))
            {
                var kubeconfig = arguments[arguments.ToList().IndexOf("--kubeconfig") + 1];
                File.WriteAllText(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: kind-deepthought
                      cluster: { server: "https://127.0.0.1:9" }
                    contexts:
                    - name: kind-deepthought
                      context: { cluster: kind-deepthought, user: kind-deepthought }
                    current-context: kind-deepthought
                    users:
                    - name: kind-deepthought
                      user: { username: nobody, password: not-a-secret }
                    """);
            }

            var stdout = line.StartsWith("kubectl get nodes", StringComparison.Ordinal)
                ? "deepthought-control-plane=172.18.0.2\ndeepthought-worker=172.18.0.3\ndeepthought-worker2=172.18.0.4\n"
                : line.StartsWith("docker info", StringComparison.Ordinal) ? "28.0.1 [\"name=seccomp,profile=builtin\"]" : "";
            return Task.FromResult(new CommandOutcome(0, stdout, ""));
        }
    }

    /// <summary>Writes fixed content per artifact (a real .tgz with values-ha.yaml for the control-plane chart).</summary>
    private sealed class FakeFetcher : IArtifactFetcher
    {
        public string? Tamper { get; init; }

        public List<string> Fetched { get; } = [];

        public static byte[] Content(PinnedArtifact a)
        {
            if (a.Name != PinnedArtifacts.LinkerdControlPlane.Name)
            {
                return Encoding.UTF8.GetBytes($"# {a.Name} {a.Version}\n");
            }

            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            using (var tar = new TarWriter(gzip))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, "linkerd-control-plane/values-ha.yaml")
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes("controllerReplicas: 3\n")),
                    ModificationTime = new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero),
                };
                tar.WriteEntry(entry);
            }

            return buffer.ToArray();
        }

        public Task FetchAsync(PinnedArtifact artifact, string destination, ICommandRunner runner, IReadOnlyDictionary<string, string> tools, CancellationToken cancellationToken)
        {
            Fetched.Add(artifact.Name);
            var bytes = Content(artifact);
            if (artifact.Name == Tamper)
            {
                bytes = [.. bytes, (byte)'!'];
            }

            File.WriteAllBytes(destination, bytes);
            return Task.CompletedTask;
        }
    }
}
