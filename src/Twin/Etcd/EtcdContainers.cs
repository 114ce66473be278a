using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Grpc.Net.Client;

namespace Deepthought.Twin.Etcd;

/// <summary>
/// The Docker engine the containers backend talks to: $DOCKER_HOST, else the default socket. Every container the
/// twin starts carries <see cref="TwinLabel"/>, its run's <see cref="RunLabel"/> and the owning process id, so a
/// cancelled or killed run's containers are found by label and removed (Ryuk, Testcontainers' reaper, is not used:
/// it cannot be pulled everywhere).
/// </summary>
public static class DockerEngine
{
    public const string TwinLabel = "org.deepthought.twin";
    public const string RunLabel = "org.deepthought.run";
    public const string OwnerPidLabel = "org.deepthought.owner-pid";
    public const string EtcdComponent = "etcd";

    /// <summary>The upstream image of the etcd Talos v1.10.3 runs (constants EtcdImage and DefaultEtcdVersion).</summary>
    public const string UpstreamEtcdImage = "gcr.io/etcd-development/etcd:v3.5.21";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public static string Endpoint(Func<string, string?>? getenv = null)
    {
        var host = (getenv ?? Environment.GetEnvironmentVariable)("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(host) ? "unix:///var/run/docker.sock" : host;
    }

    /// <summary>The etcd image to run: $DEEPTHOUGHT_ETCD_IMAGE, else the upstream one.</summary>
    public static string EtcdImage(Func<string, string?>? getenv = null)
    {
        var image = (getenv ?? Environment.GetEnvironmentVariable)("DEEPTHOUGHT_ETCD_IMAGE");
        return string.IsNullOrWhiteSpace(image) ? UpstreamEtcdImage : image;
    }

    public static DockerClient Client(string endpoint) => new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).WithTimeout(CallTimeout).Build();

    /// <summary>Null when the engine answers a ping within 3 s, else why not (one line).</summary>
    public static string? Unreachable(string endpoint)
    {
        try
        {
            using var client = Client(endpoint);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            client.System.PingAsync(timeout.Token).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"no Docker engine answers at {endpoint} ({e.GetBaseException().Message})";
        }
    }

    /// <summary>Whether the image is already in the engine (no pull attempted).</summary>
    public static async Task<bool> HasImageAsync(string endpoint, string image, CancellationToken cancellationToken)
    {
        using var client = Client(endpoint);
        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The ids of the containers (running or not) carrying label=value.</summary>
    public static async Task<IReadOnlyList<ContainerListResponse>> ListAsync(string endpoint, string label, string value, CancellationToken cancellationToken)
    {
        using var client = Client(endpoint);
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={value}"] = true } };
        return (await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, cancellationToken)).ToList();
    }

    /// <summary>Force-removes every container carrying label=value, and the twin's containers whose owning process is gone.</summary>
    public static async Task RemoveAsync(string endpoint, string label, string value, CancellationToken cancellationToken)
    {
        var doomed = (await ListAsync(endpoint, label, value, cancellationToken)).ToList();
        foreach (var stale in await ListAsync(endpoint, TwinLabel, EtcdComponent, cancellationToken))
        {
            if (stale.Labels.TryGetValue(OwnerPidLabel, out var pid) && int.TryParse(pid, out var id) && !Alive(id) && doomed.All(d => d.ID != stale.ID))
            {
                doomed.Add(stale);
            }
        }

        using var client = Client(endpoint);
        foreach (var c in doomed)
        {
            try
            {
                await client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                // Removed meanwhile (Testcontainers' own disposal).
            }
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>
/// Runs each etcd member as a Testcontainers container of the etcd image, on the host network (listening on
/// 127.0.0.1 on its free ports like a process member; no bridge network), its data inside the container.
/// </summary>
public sealed class ContainersEtcdLauncher(string endpoint, string image) : IEtcdLauncher
{
    private readonly string _run = Guid.NewGuid().ToString("N");
    private volatile bool _interrupted;

    public string Description => $"containers (image {image}, engine {endpoint}, label {DockerEngine.TwinLabel}={DockerEngine.EtcdComponent})";

    public string RunId => _run;

    public async Task<IEtcdMember> StartAsync(EtcdMemberSpec spec, CancellationToken cancellationToken)
    {
        // Inside the container the data lives under /var/lib/etcd (removed with the container).
        var inside = spec with { DataDirectory = $"/var/lib/etcd/{spec.Node.Name}" };
        var log = new LineLog();
        var container = new ContainerBuilder(image)
            .WithDockerEndpoint(endpoint)
            .WithName($"deepthought-etcd-{spec.Node.Name}-{_run[..12]}")
            .WithLabel(DockerEngine.TwinLabel, DockerEngine.EtcdComponent)
            .WithLabel(DockerEngine.RunLabel, _run)
            .WithLabel(DockerEngine.OwnerPidLabel, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithCleanUp(false)
            .WithCreateParameterModifier(p => (p.HostConfig ??= new HostConfig()).NetworkMode = "host")
            .WithEntrypoint("/usr/local/bin/etcd")
            .WithCommand([.. inside.Arguments])
            .WithOutputConsumer(Consume.RedirectStdoutAndStderrToStream(log, log))
            .Build();
        try
        {
            await container.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await container.DisposeAsync();
            throw new InvalidOperationException($"etcd member {spec.Node.Name} did not start in a container of {image}: {e.GetBaseException().Message} {log.Tail}", e);
        }
        catch (Exception e)
        {
            // Cancelled: Testcontainers' readiness wait can answer a cancelled token with its own TimeoutException
            // (seen in CI); the caller asked to stop, so it gets a cancellation either way.
            _interrupted = true;
            await container.DisposeAsync();
            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new OperationCanceledException($"etcd member {spec.Node.Name}: start cancelled", e, cancellationToken);
        }

        return new EtcdContainer(spec.Node, spec.ClientPort, spec.PeerPort, container, log);
    }

    /// <summary>Removes this run's containers (also those whose start was cancelled half-way) and orphans of dead runs.</summary>
    public async Task CleanUpAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await DockerEngine.RemoveAsync(endpoint, DockerEngine.RunLabel, _run, timeout.Token);
        if (_interrupted)
        {
            // A cancelled create request may still complete in the engine after the first sweep.
            await Clock.PauseAsync(TimeSpan.FromSeconds(2), TimeProvider.System, timeout.Token);
            await DockerEngine.RemoveAsync(endpoint, DockerEngine.RunLabel, _run, timeout.Token);
        }
    }

    /// <summary>Fails clearly when the image is neither in the engine nor pullable (checked before any member starts).</summary>
    public async Task EnsureImageAsync(CancellationToken cancellationToken)
    {
        if (await DockerEngine.HasImageAsync(endpoint, image, cancellationToken))
        {
            return;
        }

        using var client = DockerEngine.Client(endpoint);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var colon = image.LastIndexOf(':');
        var (name, tag) = colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
        try
        {
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null, new Progress<JSONMessage>(), timeout.Token);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ConfigurationException(
                $"DEEPTHOUGHT_BACKENDS=containers: the etcd image {image} is not in the Docker engine at {endpoint} and could not be pulled ({e.GetBaseException().Message}) — build it with `.ci/etcd-image {image}`, or set DEEPTHOUGHT_ETCD_IMAGE to an image the engine has");
        }

        if (!await DockerEngine.HasImageAsync(endpoint, image, cancellationToken))
        {
            throw new ConfigurationException(
                $"DEEPTHOUGHT_BACKENDS=containers: the etcd image {image} is not in the Docker engine at {endpoint} and could not be pulled — build it with `.ci/etcd-image {image}`, or set DEEPTHOUGHT_ETCD_IMAGE to an image the engine has");
        }
    }

    /// <summary>A write-only stream that keeps the last lines written (the container's etcd log).</summary>
    internal sealed class LineLog : Stream
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly StringBuilder _partial = new();

        public string Tail => string.Join("\n", _lines.TakeLast(8));

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => 0;

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_partial)
            {
                _partial.Append(Encoding.UTF8.GetString(buffer, offset, count));
                var text = _partial.ToString();
                var last = text.LastIndexOf('\n');
                if (last < 0)
                {
                    return;
                }

                foreach (var line in text[..last].Split('\n'))
                {
                    _lines.Enqueue(line.TrimEnd('\r'));
                }

                _partial.Clear().Append(text[(last + 1)..]);
                while (_lines.Count > 50 && _lines.TryDequeue(out _))
                {
                }
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>One etcd member in a container on the host network; removed (not only stopped) when disposed.</summary>
public sealed class EtcdContainer : IEtcdMember
{
    private readonly IContainer _container;
    private readonly ContainersEtcdLauncher.LineLog _log;
    private readonly CancellationTokenSource _watch = new();
    private volatile bool _exited;

    internal EtcdContainer(NodeProfile node, int clientPort, int peerPort, IContainer container, ContainersEtcdLauncher.LineLog log)
    {
        Node = node;
        ClientPort = clientPort;
        PeerPort = peerPort;
        _container = container;
        _log = log;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{clientPort}");
        _ = WatchExitAsync();
    }

    public NodeProfile Node { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    public string ContainerId => _container.Id;

    public GrpcChannel Channel { get; }

    public bool IsRunning => !_exited;

    public string LogTail => _log.Tail;

    public async Task StopAsync()
    {
        if (!_exited)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _container.StopAsync(timeout.Token);
            _exited = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _watch.CancelAsync();
        _exited = true;
        try
        {
            await _container.DisposeAsync(); // Stops and removes the container.
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The launcher's clean-up removes it by label.
        }

        Channel.Dispose();
        _watch.Dispose();
    }

    // `docker wait` in a loop: the container's etcd exiting (port taken, bad flag) is seen like a process exiting.
    private async Task WatchExitAsync()
    {
        while (!_watch.IsCancellationRequested)
        {
            try
            {
                await _container.GetExitCodeAsync(_watch.Token);
                _exited = true;
                return;
            }
            catch (OperationCanceledException) when (_watch.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
            {
                try
                {
                    await Clock.PauseAsync(TimeSpan.FromMilliseconds(200), TimeProvider.System, _watch.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
