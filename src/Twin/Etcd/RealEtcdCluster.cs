using Deepthought.Protocols.Profile;
using Deepthought.Protos.Etcd;
using Deepthought.Protos.Machine;
using Grpc.Core;

namespace Deepthought.Twin.Etcd;

/// <summary>
/// Real etcd members behind the twin's Talos etcd APIs, one per etcd control plane, on loopback. Answers come from
/// etcd's own gRPC API (Maintenance/Status, Cluster/MemberList, Maintenance/Alarm). Member URLs are the real ones
/// with the loopback host replaced by the node's profile IP (the address the member would have on that node; the
/// port stays the real one), so "peer URLs on the control planes' IPs" is judged on real membership.
/// </summary>
public sealed class RealEtcdCluster : ITwinEtcd, IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    private readonly List<IEtcdMember> _members;
    private readonly Func<NodeProfile, string> _advertisedHost;
    private readonly IEtcdLauncher _launcher;

    private RealEtcdCluster(IEtcdLauncher launcher, List<IEtcdMember> members, Func<NodeProfile, string> advertisedHost)
    {
        _launcher = launcher;
        _members = members;
        _advertisedHost = advertisedHost;
    }

    public bool IsReal => true;

    public IReadOnlyList<IEtcdMember> Members => _members;

    /// <summary>Which backend runs the members, e.g. "process (/usr/bin/etcd)" or "containers (image ...)".</summary>
    public string Backend => _launcher.Description;

    public static Task<RealEtcdCluster> StartAsync(
        string binary, IReadOnlyList<NodeProfile> nodes, string root, long quotaBytes, Func<NodeProfile, string> advertisedHost, CancellationToken cancellationToken) =>
        StartAsync(new ProcessEtcdLauncher(binary), nodes, root, quotaBytes, advertisedHost, cancellationToken);

    public static async Task<RealEtcdCluster> StartAsync(
        IEtcdLauncher launcher, IReadOnlyList<NodeProfile> nodes, string root, long quotaBytes, Func<NodeProfile, string> advertisedHost, CancellationToken cancellationToken)
    {
        // A free port is only free until someone else binds it (other twins, Ceph, parallel test hosts start at the
        // same time): when a member loses that race, start the cluster again on new ports.
        for (var attempt = 1; ; attempt++)
        {
            var ports = nodes.Select(_ => (Client: FreePort(), Peer: FreePort())).ToList();
            var initial = string.Join(",", nodes.Select((n, i) => $"{n.Name}=http://127.0.0.1:{ports[i].Peer}"));
            var token = $"deepthought-{Guid.NewGuid():N}";
            var cluster = new RealEtcdCluster(launcher, [], advertisedHost);
            try
            {
                for (var i = 0; i < nodes.Count; i++)
                {
                    var spec = new EtcdMemberSpec(nodes[i], ports[i].Client, ports[i].Peer, Path.Combine(root, nodes[i].Name), initial, token, quotaBytes);
                    cluster._members.Add(await launcher.StartAsync(spec, cancellationToken));
                }

                await cluster.WaitHealthyAsync(TimeSpan.FromSeconds(30), cancellationToken);
                return cluster;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                await cluster.DisposeAsync();
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// After a member is stopped, waits until the running members agree on a leader again (the stopped one may have
    /// been it): the fault to observe is "one member down", not the election a moment after it.
    /// </summary>
    public async Task WaitRunningMembersHaveALeaderAsync(CancellationToken cancellationToken) =>
        await WaitUntilAsync(async ct =>
        {
            foreach (var m in _members.Where(m => m.IsRunning))
            {
                var status = await m.Maintenance().StatusAsync(new StatusRequest(), new CallOptions(deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(2), cancellationToken: ct));
                if (status.Leader == 0 || status.Errors.Count > 0)
                {
                    return false;
                }
            }

            return true;
        }, "the running members report a leader", TimeSpan.FromSeconds(30), cancellationToken);

    public IEtcdMember Member(NodeProfile node) =>
        _members.FirstOrDefault(m => m.Node.Name == node.Name) ?? throw new EtcdUnavailableException($"no etcd member runs on {node.Name}");

    public async Task<IReadOnlyList<EtcdMember>> MembersAsync(NodeProfile node, CancellationToken cancellationToken)
    {
        var reply = await Call(node, m => m.Cluster().MemberListAsync(new MemberListRequest(), Options(cancellationToken)).ResponseAsync);
        return reply.Members.Select(m => new EtcdMember
        {
            Id = m.ID,
            Hostname = m.Name,
            PeerUrls = { m.PeerURLs.Select(MapUrl) },
            ClientUrls = { m.ClientURLs.Select(MapUrl) },
            IsLearner = m.IsLearner,
        }).ToList();
    }

    public async Task<EtcdMemberStatus> StatusAsync(NodeProfile node, CancellationToken cancellationToken)
    {
        var s = await Call(node, m => m.Maintenance().StatusAsync(new StatusRequest(), Options(cancellationToken)).ResponseAsync);
        return new EtcdMemberStatus
        {
            MemberId = s.Header?.MemberId ?? 0,
            ProtocolVersion = s.Version,
            DbSize = s.DbSize,
            DbSizeInUse = s.DbSizeInUse,
            Leader = s.Leader,
            RaftIndex = s.RaftIndex,
            RaftTerm = s.RaftTerm,
            RaftAppliedIndex = s.RaftAppliedIndex,
            Errors = { s.Errors },
            IsLearner = s.IsLearner,
        };
    }

    public async Task<IReadOnlyList<EtcdMemberAlarm>> AlarmsAsync(NodeProfile node, CancellationToken cancellationToken)
    {
        var reply = await Call(node, m => m.Maintenance().AlarmAsync(new AlarmRequest { Action = AlarmRequest.Types.AlarmAction.Get }, Options(cancellationToken)).ResponseAsync);
        return reply.Alarms.Select(ToTalos).ToList();
    }

    public async Task<IReadOnlyList<EtcdMemberAlarm>> DisarmAsync(NodeProfile node, CancellationToken cancellationToken)
    {
        var active = await Call(node, m => m.Maintenance().AlarmAsync(new AlarmRequest { Action = AlarmRequest.Types.AlarmAction.Get }, Options(cancellationToken)).ResponseAsync);
        foreach (var alarm in active.Alarms)
        {
            await Call(node, m => m.Maintenance().AlarmAsync(
                new AlarmRequest { Action = AlarmRequest.Types.AlarmAction.Deactivate, MemberID = alarm.MemberID, Alarm = alarm.Alarm }, Options(cancellationToken)).ResponseAsync);
        }

        return active.Alarms.Select(ToTalos).ToList();
    }

    public bool IsRunning(NodeProfile node) => _members.FirstOrDefault(m => m.Node.Name == node.Name)?.IsRunning ?? false;

    /// <summary>Writes 1 MB values until etcd refuses with "database space exceeded" and raises NOSPACE.</summary>
    public async Task FillUntilNoSpaceAsync(CancellationToken cancellationToken)
    {
        var kv = _members[0].Kv();
        var value = Google.Protobuf.ByteString.CopyFrom(System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024 * 1024));
        for (var i = 0; i < 4096; i++)
        {
            try
            {
                await kv.PutAsync(new PutRequest { Key = Google.Protobuf.ByteString.CopyFromUtf8($"/deepthought/fill/{i:D5}"), Value = value }, Options(cancellationToken));
            }
            catch (RpcException e) when (e.Status.Detail.Contains("space exceeded", StringComparison.Ordinal))
            {
                await WaitUntilAsync(async ct => (await AlarmsAsync(_members[0].Node, ct)).Any(a => a.Alarm == EtcdMemberAlarm.Types.AlarmType.Nospace),
                    "NOSPACE alarm raised", TimeSpan.FromSeconds(15), cancellationToken);
                return;
            }
        }

        throw new InvalidOperationException("etcd never refused a write: is --quota-backend-bytes in effect?");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_members.Select(m => m.DisposeAsync().AsTask()));
        }
        finally
        {
            await _launcher.CleanUpAsync();
        }
    }

    private async Task WaitHealthyAsync(TimeSpan deadline, CancellationToken cancellationToken) =>
        await WaitUntilAsync(async ct =>
        {
            foreach (var m in _members)
            {
                if (!m.IsRunning)
                {
                    throw new InvalidOperationException($"etcd member {m.Node.Name} exited during start-up: {m.LogTail}");
                }

                var status = await m.Maintenance().StatusAsync(new StatusRequest(), new CallOptions(deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(2), cancellationToken: ct));
                if (status.Leader == 0)
                {
                    return false;
                }
            }

            return true;
        }, "every member reports a leader", deadline, cancellationToken);

    // Real processes run on the real clock, whatever TimeProvider the twin was given.
    private async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> condition, string what, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var last = "no attempt yet";
        while (TimeProvider.System.GetElapsedTime(started) < deadline)
        {
            try
            {
                if (await condition(cancellationToken))
                {
                    return;
                }

                last = "not yet";
            }
            catch (RpcException e)
            {
                last = $"{e.StatusCode}: {e.Status.Detail}";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new InvalidOperationException($"etcd: {what} did not happen within {deadline.TotalSeconds:0} s (last: {last}); logs: {string.Join(" | ", _members.Select(m => $"{m.Node.Name}: {m.LogTail}"))}");
    }

    private async Task<T> Call<T>(NodeProfile node, Func<IEtcdMember, Task<T>> call)
    {
        var member = Member(node);
        try
        {
            return await call(member);
        }
        catch (RpcException e)
        {
            var detail = e.StatusCode == StatusCode.Unavailable && !member.IsRunning
                ? $"dial tcp 127.0.0.1:{member.ClientPort}: connect: connection refused"
                : e.Status.Detail;
            throw new EtcdUnavailableException($"etcd member {node.Name} did not answer: {detail}", e);
        }
    }

    private static CallOptions Options(CancellationToken cancellationToken) =>
        new(deadline: TimeProvider.System.GetUtcNow().UtcDateTime + CallTimeout, cancellationToken: cancellationToken);

    private string MapUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url;
        }

        var owner = _members.FirstOrDefault(m => m.PeerPort == uri.Port || m.ClientPort == uri.Port);
        return owner is null ? url : new UriBuilder(uri) { Host = _advertisedHost(owner.Node) }.Uri.ToString().TrimEnd('/');
    }

    private static EtcdMemberAlarm ToTalos(AlarmMember a) => new()
    {
        MemberId = a.MemberID,
        Alarm = a.Alarm switch
        {
            AlarmType.Nospace => EtcdMemberAlarm.Types.AlarmType.Nospace,
            AlarmType.Corrupt => EtcdMemberAlarm.Types.AlarmType.Corrupt,
            _ => EtcdMemberAlarm.Types.AlarmType.None,
        },
    };

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
