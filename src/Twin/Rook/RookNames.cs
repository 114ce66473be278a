namespace Deepthought.Twin.Rook;

/// <summary>Names and labels Rook v1.19 gives its objects (stack-facts §7), in one place for the seeder and the status loop.</summary>
public static class RookNames
{
    public const string Group = "ceph.rook.io";
    public const string ApiVersion = "ceph.rook.io/v1";
    public const string OperatorDeployment = "rook-ceph-operator";
    public const string OperatorRelease = "rook-ceph";
    public const string ClusterRelease = "rook-ceph-cluster";
    public const string ChartVersion = "v1.19.10";
    public const string CephImage = "quay.io/ceph/ceph:v19.2.3";
    public const string RookImage = "docker.io/rook/ceph:v1.19.10";
    public const string MgrService = "rook-ceph-mgr";
    public const string MetricsPortName = "http-metrics";
    public const int MetricsPort = 9283;
    public const string OsdApp = "rook-ceph-osd";
    public const string OsdIdLabel = "ceph-osd-id";
    public const string MonApp = "rook-ceph-mon";
    public const string MgrApp = "rook-ceph-mgr";
    public const string PrepareApp = "rook-ceph-osd-prepare";
    public const string BlockPool = "ceph-blockpool";

    /// <summary>Pod names carry a stable pseudo-random suffix like a ReplicaSet's.</summary>
    public static string PodName(string prefix, string seed)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var hash = (uint)StableHash(prefix + "/" + seed);
        var chars = new char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[(int)(hash % (uint)alphabet.Length)];
            hash /= (uint)alphabet.Length;
        }

        return $"{prefix}-{new string(chars)}";
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s)
            {
                h = (h ^ c) * 16777619;
            }

            return h;
        }
    }
}
