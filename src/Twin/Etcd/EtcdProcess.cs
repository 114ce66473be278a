using System.Collections.Concurrent;
using System.Diagnostics;
using Deepthought.Protocols.Profile;
using Deepthought.Protos.Etcd;
using Grpc.Net.Client;

namespace Deepthought.Twin.Etcd;

/// <summary>One real etcd member of the twin: a child process on loopback (free client and peer ports), its data under the twin's work folder.</summary>
public sealed class EtcdProcess : IEtcdMember
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Process _process;

    private EtcdProcess(NodeProfile node, int clientPort, int peerPort, string dataDirectory, Process process)
    {
        Node = node;
        ClientPort = clientPort;
        PeerPort = peerPort;
        DataDirectory = dataDirectory;
        _process = process;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{clientPort}");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public NodeProfile Node { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    public string DataDirectory { get; }

    public int ProcessId => _process.Id;

    /// <summary>Plaintext HTTP/2 gRPC to the member's client port (etcdserverpb).</summary>
    public GrpcChannel Channel { get; }

    public bool IsRunning => !_process.HasExited;

    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";

    /// <summary>The last lines etcd logged (for start-up failures).</summary>
    public string LogTail => string.Join("\n", _log.TakeLast(8));

    public static EtcdProcess Start(string binary, NodeProfile node, int clientPort, int peerPort, string dataDirectory, string initialCluster, string token, long quotaBytes) =>
        Start(binary, new EtcdMemberSpec(node, clientPort, peerPort, dataDirectory, initialCluster, token, quotaBytes));

    public static EtcdProcess Start(string binary, EtcdMemberSpec spec)
    {
        var (node, clientPort, peerPort, dataDirectory) = (spec.Node, spec.ClientPort, spec.PeerPort, spec.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ETCD", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key); // etcd reads ETCD_* variables as flags.
        }

        foreach (var a in spec.Arguments)
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        return new EtcdProcess(node, clientPort, peerPort, dataDirectory, process);
    }

    /// <summary>Kills the member (scenario etcd-member-stopped; teardown) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public Maintenance.MaintenanceClient Maintenance() => new(Channel);

    public Protos.Etcd.Cluster.ClusterClient Cluster() => new(Channel);

    public KV.KVClient Kv() => new(Channel);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not killable: nothing more to do from here.
        }

        Channel.Dispose();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 50 && _log.TryDequeue(out _))
        {
        }
    }
}
