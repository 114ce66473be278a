namespace Deepthought.Twin.Talos;

/// <summary>
/// apid's role-based access (machined's rules): read methods for os:reader and up, etcd reads also for
/// os:etcd:backup, anything else os:admin only. A denied call gets PermissionDenied "not authorized".
/// </summary>
public static class ApidRbac
{
    public const string Admin = "os:admin";
    public const string Operator = "os:operator";
    public const string Reader = "os:reader";
    public const string EtcdBackup = "os:etcd:backup";
    public const string Impersonator = "os:impersonator";

    private static readonly string[] Readers = [Admin, Operator, Reader];
    private static readonly string[] EtcdReaders = [Admin, Operator, Reader, EtcdBackup];

    private static readonly Dictionary<string, string[]> Rules = new(StringComparer.Ordinal)
    {
        ["/machine.MachineService/Version"] = Readers,
        ["/machine.MachineService/Hostname"] = Readers,
        ["/machine.MachineService/ServiceList"] = Readers,
        ["/machine.MachineService/EtcdMemberList"] = EtcdReaders,
        ["/machine.MachineService/EtcdStatus"] = EtcdReaders,
        ["/machine.MachineService/EtcdAlarmList"] = EtcdReaders,
        ["/machine.MachineService/EtcdAlarmDisarm"] = [Admin, Operator],
        ["/cosi.resource.State/Get"] = Readers,
        ["/cosi.resource.State/List"] = Readers,
    };

    public static bool Allows(string method, IEnumerable<string> roles)
    {
        var allowed = Rules.TryGetValue(method, out var r) ? r : [Admin];
        return roles.Any(allowed.Contains);
    }
}
