using Deepthought.Checks.Talos;
using Deepthought.Protocols.Talos.Tls;
using Deepthought.Protos.Cosi;
using Deepthought.Protos.Machine;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;
using Deepthought.Twin.Talos;
using FluentAssertions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Deepthought.Tests.Talos;

/// <summary>The twin's apid behaves as real apid: RBAC, node routing, one-to-many replies, control-plane-only etcd APIs.</summary>
public sealed class TwinApidTests : IAsyncLifetime
{
    private DeepthoughtTwin _twin = null!;

    public async Task InitializeAsync() =>
        _twin = await DeepthoughtTwin.StartAsync(TalosTestWorld.Profile(), ScenarioSet.None, new TwinOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await _twin.DisposeAsync();

    [Fact]
    public void Talosconfig_Contexts_AreAdminAndReaderOnTheControlPlaneEndpoint()
    {
        var admin = TwinTalosconfig.Load(_twin, null);
        var reader = TwinTalosconfig.Load(_twin, "deepthought-reader");
        var cluster = _twin.Context.Find<ApidCluster>()!;
        var controlPlane = cluster.Nodes.Single(n => n.IsControlPlane);

        admin.Context.Should().Be("deepthought");
        admin.Endpoints.Should().Equal($"127.0.0.1:{controlPlane.Port}");
        admin.EndpointsSource.Should().Be("twin apid (as talosctl -e)");
        Talosconfig.Load(_twin.TalosconfigPath, null).Endpoints.Should().BeEmpty("`talosctl gen config` writes endpoints: []");
        admin.Nodes.Should().BeEmpty("`talosctl gen config` writes no nodes; the seed passes --nodes on every command");
        TalosSession.Facts(admin.Credentials.ClientCertificate).Organizations.Should().Equal("os:admin");
        TalosSession.Facts(reader.Credentials.ClientCertificate).Organizations.Should().Equal("os:reader");
        TalosCredentials.Algorithm(admin.Credentials.Ca).Should().Be("Ed25519");
        cluster.Nodes.Select(n => n.Port).Should().OnlyHaveUniqueItems();
        (admin.Credentials.ClientCertificate.NotAfter - admin.Credentials.ClientCertificate.NotBefore).TotalDays.Should().BeApproximately(365, 1);
        var server = controlPlane.ServerCertificate!.Certificate;
        (server.NotAfter - server.NotBefore).TotalHours.Should().BeApproximately(24, 0.2);
    }

    [Fact]
    public async Task EtcdAlarmDisarm_ReaderRole_IsNotAuthorizedButAdminIs()
    {
        var reader = Machine("deepthought-reader", out var readerChannel);
        var admin = Machine("deepthought", out var adminChannel);
        using (readerChannel)
        using (adminChannel)
        {
            var denied = async () => await reader.EtcdAlarmDisarmAsync(new Empty(), Node("192.168.1.32"));

            (await denied.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(new Status(StatusCode.PermissionDenied, "not authorized"));
            (await admin.EtcdAlarmDisarmAsync(new Empty(), Node("192.168.1.32"))).Messages.Should().ContainSingle();
            (await reader.VersionAsync(new Empty(), Node("192.168.1.48"))).Messages.Single().Version_.Tag.Should().Be("v1.10.3");
        }
    }

    [Fact]
    public async Task Version_OneToManyNodes_OneMessagePerTargetWithHostnameAndErrors()
    {
        var machine = Machine("deepthought-reader", out var channel);
        using (channel)
        {
            var headers = new Grpc.Core.Metadata { { "nodes", "192.168.1.32" }, { "nodes", "talos-work1-trillian" }, { "nodes", "192.168.1.99" } };

            var reply = await machine.VersionAsync(new Empty(), new CallOptions(headers, TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(10)));

            reply.Messages.Select(m => m.Metadata.Hostname).Should().BeEquivalentTo(["192.168.1.32", "talos-work1-trillian", "192.168.1.99"]);
            reply.Messages.Where(m => m.Metadata.Hostname != "192.168.1.99").Should().OnlyContain(m => m.Version_.Tag == "v1.10.3" && m.Metadata.Error == "");
            var failed = reply.Messages.Single(m => m.Metadata.Hostname == "192.168.1.99");
            failed.Metadata.Error.Should().Be("rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp 192.168.1.99:50000: connect: no route to host\"");
            failed.Metadata.Status.Code.Should().Be((int)StatusCode.Unavailable);
        }
    }

    [Fact]
    public async Task EtcdStatus_OnAWorker_IsUnimplementedAsOnRealTalos()
    {
        using var client = new TalosClient(TwinTalosconfig.Load(_twin, "deepthought-reader"));

        var act = async () => await client.EtcdStatusAsync("192.168.1.24", CancellationToken.None);

        (await act.Should().ThrowAsync<TalosCallException>()).Which.Message.Should().Be(
            "EtcdStatus is not available on node 192.168.1.24: etcd status is only available on control plane nodes");
    }

    [Fact]
    public async Task Forwarding_WorkerAsEndpoint_IsRefusedAsWorkersHoldNoClientCertificate()
    {
        var worker = _twin.Context.Find<ApidCluster>()!.Nodes.First(n => !n.IsControlPlane);
        var machine = Machine("deepthought-reader", out var channel, worker.Port);
        using (channel)
        {
            var act = async () => await machine.VersionAsync(new Empty(), Node("192.168.1.32"));

            (await act.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(new Status(StatusCode.PermissionDenied, "no request forwarding"));
            (await machine.VersionAsync(new Empty(), Node(worker.Ip))).Messages.Single().Version_.Tag.Should().Be("v1.10.3");
        }
    }

    [Fact]
    public async Task CosiList_WithNodes_IsRefusedLikeApid()
    {
        var (connector, address) = Connect("deepthought-reader", null);
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = connector.CreateHandler(), DisposeHttpClient = true });
        using var call = new State.StateClient(channel).List(new ListRequest { Namespace = "runtime", Type = "Disks.block.talos.dev" },
            new CallOptions(new Grpc.Core.Metadata { { "nodes", "192.168.1.32" } }, TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(10)));

        var act = async () => await call.ResponseStream.MoveNext(CancellationToken.None);

        (await act.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(new Status(StatusCode.InvalidArgument, "one-2-many proxying is not supported for COSI methods"));
    }

    [Fact]
    public async Task DiscoveredVolumes_TwinOnV1103_WritesTheDevDathTypoInYamlAndProtoDecodes()
    {
        using var client = new TalosClient(TwinTalosconfig.Load(_twin, "deepthought-reader"));

        var volumes = await client.ListResourcesAsync("192.168.1.24", "runtime", "DiscoveredVolumes.block.talos.dev", CancellationToken.None);

        var sdb = volumes.Single(v => v.Metadata.Id == "sdb");
        sdb.Spec.YamlSpec.Should().Contain("dev_dath: /dev/sdb").And.NotContain("dev_path:");
        BlockSpecs.Volume(sdb).Should().Be(new VolumeFacts("sdb", "disk", "bluestore", "", "/dev/sdb", BlockSpecs.Volume(sdb).Size, "", ""));
    }

    [Fact]
    public async Task Disks_TwinReportsByIdAndByPathLinks_InProtoAndYaml()
    {
        using var client = new TalosClient(TwinTalosconfig.Load(_twin, "deepthought-reader"));

        var disks = await client.ListResourcesAsync("192.168.1.24", "runtime", "Disks.block.talos.dev", CancellationToken.None);

        var sdb = disks.Single(d => d.Metadata.Id == "sdb");
        var fromProto = BlockSpecs.Disk(sdb).Symlinks;
        fromProto.Should().Contain(l => l.StartsWith("/dev/disk/by-id/wwn-0x5000c500", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("/dev/disk/by-path/pci-", StringComparison.Ordinal))
            .And.BeInAscendingOrder(StringComparer.Ordinal);
        sdb.Spec.ProtoSpec = Google.Protobuf.ByteString.Empty;
        BlockSpecs.Disk(sdb).Symlinks.Should().Equal(fromProto);
    }

    private static CallOptions Node(string node) =>
        new(new Grpc.Core.Metadata { { "node", node } }, TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(10));

    private MachineService.MachineServiceClient Machine(string context, out GrpcChannel channel, int? port = null)
    {
        var (connector, address) = Connect(context, port);
        channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = connector.CreateHandler(), DisposeHttpClient = true });
        return new MachineService.MachineServiceClient(channel);
    }

    private (TalosConnector Connector, string Address) Connect(string context, int? port)
    {
        var config = TwinTalosconfig.Load(_twin, context);
        var endpoint = port is null ? config.Endpoints[0] : $"127.0.0.1:{port}";
        return (new TalosConnector(config.Credentials, TimeProvider.System, TimeSpan.FromSeconds(10)), $"http://{endpoint}");
    }
}
