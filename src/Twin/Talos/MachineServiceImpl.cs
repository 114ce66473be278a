using Deepthought.Protos.Machine;
using Deepthought.Twin.Etcd;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Version = Deepthought.Protos.Machine.Version;

namespace Deepthought.Twin.Talos;

/// <summary>The twin's machined, behind apid's routing: the read methods the harness uses, plus EtcdAlarmDisarm (admin) for RBAC.</summary>
public sealed class MachineServiceImpl(ApidCluster cluster, ApidRouter router) : MachineService.MachineServiceBase
{
    public override Task<VersionResponse> Version(Empty request, ServerCallContext context) =>
        router.UnaryAsync(context, (node, _) => Task.FromResult(new VersionResponse
        {
            Messages =
            {
                new Version
                {
                    Version_ = new Deepthought.Protos.Machine.VersionInfo { Tag = node.TalosVersion, Sha = "deepthought-twin", Built = "", GoVersion = "go1.24.4", Os = "linux", Arch = "amd64" },
                    Platform = new PlatformInfo { Name = "metal", Mode = "metal" },
                    Features = new FeaturesInfo { Rbac = true },
                },
            },
        }), (c, o) => new MachineService.MachineServiceClient(c).VersionAsync(request, o).ResponseAsync);

    public override Task<HostnameResponse> Hostname(Empty request, ServerCallContext context) =>
        router.UnaryAsync(context, (node, _) => Task.FromResult(new HostnameResponse { Messages = { new Hostname { Hostname_ = node.Name } } }),
            (c, o) => new MachineService.MachineServiceClient(c).HostnameAsync(request, o).ResponseAsync);

    public override Task<ServiceListResponse> ServiceList(Empty request, ServerCallContext context) =>
        router.UnaryAsync(context, (node, _) => Task.FromResult(new ServiceListResponse { Messages = { TwinServices.For(node, cluster) } }),
            (c, o) => new MachineService.MachineServiceClient(c).ServiceListAsync(request, o).ResponseAsync);

    public override Task<EtcdMemberListResponse> EtcdMemberList(EtcdMemberListRequest request, ServerCallContext context) =>
        router.UnaryAsync(context, async (node, ct) =>
        {
            ControlPlaneOnly(node, "member list");
            var members = await Etcd(() => cluster.Etcd.MembersAsync(node.Profile, ct));
            return new EtcdMemberListResponse { Messages = { new EtcdMembers { Members = { members } } } };
        }, (c, o) => new MachineService.MachineServiceClient(c).EtcdMemberListAsync(request, o).ResponseAsync);

    public override Task<EtcdStatusResponse> EtcdStatus(Empty request, ServerCallContext context) =>
        router.UnaryAsync(context, async (node, ct) =>
        {
            ControlPlaneOnly(node, "etcd status");
            var status = await Etcd(() => cluster.Etcd.StatusAsync(node.Profile, ct));
            return new EtcdStatusResponse { Messages = { new EtcdStatus { MemberStatus = status } } };
        }, (c, o) => new MachineService.MachineServiceClient(c).EtcdStatusAsync(request, o).ResponseAsync);

    public override Task<EtcdAlarmListResponse> EtcdAlarmList(Empty request, ServerCallContext context) =>
        router.UnaryAsync(context, async (node, ct) =>
        {
            ControlPlaneOnly(node, "etcd alarm list");
            var alarms = await Etcd(() => cluster.Etcd.AlarmsAsync(node.Profile, ct));
            return new EtcdAlarmListResponse { Messages = { new EtcdAlarm { MemberAlarms = { alarms } } } };
        }, (c, o) => new MachineService.MachineServiceClient(c).EtcdAlarmListAsync(request, o).ResponseAsync);

    public override Task<EtcdAlarmDisarmResponse> EtcdAlarmDisarm(Empty request, ServerCallContext context) =>
        router.UnaryAsync(context, async (node, ct) =>
        {
            ControlPlaneOnly(node, "etcd alarm disarm");
            var alarms = await Etcd(() => cluster.Etcd.DisarmAsync(node.Profile, ct));
            return new EtcdAlarmDisarmResponse { Messages = { new EtcdAlarmDisarm { MemberAlarms = { alarms } } } };
        }, (c, o) => new MachineService.MachineServiceClient(c).EtcdAlarmDisarmAsync(request, o).ResponseAsync);

    // Real Talos: checkControlplane → codes.Unimplemented "... is only available on control plane nodes".
    private static void ControlPlaneOnly(TwinNode node, string what)
    {
        if (!node.IsControlPlane)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"{what} is only available on control plane nodes"));
        }
    }

    private static async Task<T> Etcd<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (EtcdUnavailableException e)
        {
            throw new RpcException(new Status(StatusCode.Unknown, e.Message));
        }
    }
}
