using System.Globalization;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;

namespace Deepthought.Twin.Ceph;

/// <summary>
/// Waiting on a Ceph backend with the one polling helper. Real daemons run on the wall clock, so these waits use
/// <see cref="TimeProvider.System"/> whatever clock the twin was given; a timeout reports the last reading.
/// </summary>
public static class CephWaits
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<CephSnapshot> WaitForAsync(this ICephBackend backend, Func<CephSnapshot, bool> done, string what, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var result = await Poll.UntilAsync(
            async t =>
            {
                try
                {
                    var s = await backend.SnapshotAsync(t);
                    return new Attempt<CephSnapshot?>(done(s), s, s.Describe());
                }
                catch (CephBackendException e)
                {
                    return new Attempt<CephSnapshot?>(false, null, e.Message);
                }
            },
            TimeSpan.FromMilliseconds(500),
            TimeSpan.FromSeconds(30),
            deadline,
            TimeProvider.System,
            cancellationToken);
        return result.Succeeded && result.Value is not null
            ? result.Value
            : throw new CephBackendException($"{what}: not reached within {deadline.TotalSeconds:0} s ({backend.Description}); last `ceph status`: {result.LastState}");
    }

    /// <summary>Waits for HEALTH_OK, all OSDs up and in, full quorum and all PGs active+clean.</summary>
    public static Task<CephSnapshot> WaitSettledAsync(this ICephBackend backend, TimeSpan deadline, CancellationToken cancellationToken) =>
        backend.WaitForAsync(s => s.IsSettled(backend.OsdIds.Count, backend.MonNames.Count), "HEALTH_OK with every OSD up and in and all PGs active+clean", deadline, cancellationToken);

    public static async Task<PrometheusScrape> MetricsAsync(this ICephBackend backend, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(backend.MetricsUrl, cancellationToken);
        response.EnsureSuccessStatusCode();
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Waits until the mgr's metrics satisfy a condition (they lag `ceph health` by 10–15 s).</summary>
    public static async Task<PrometheusScrape> WaitMetricsAsync(this ICephBackend backend, Func<PrometheusScrape, bool> done, string what, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var result = await Poll.UntilAsync(
            async t =>
            {
                try
                {
                    var m = await backend.MetricsAsync(t);
                    return new Attempt<PrometheusScrape?>(done(m), m, Summary(m));
                }
                catch (Exception e) when (e is HttpRequestException or FormatException)
                {
                    return new Attempt<PrometheusScrape?>(false, null, $"{backend.MetricsUrl}: {e.Message}");
                }
            },
            TimeSpan.FromMilliseconds(500),
            TimeSpan.FromSeconds(10),
            deadline,
            TimeProvider.System,
            cancellationToken);
        return result.Succeeded && result.Value is not null
            ? result.Value
            : throw new CephBackendException($"{what}: the mgr metrics did not show it within {deadline.TotalSeconds:0} s; last: {result.LastState}");
    }

    /// <summary>The metrics agree with a settled cluster: health 0, every OSD up and in, every mon in quorum.</summary>
    public static bool MetricsSettled(PrometheusScrape m, ICephBackend backend) =>
        m.Find("ceph_health_status")?.Value == 0
        && backend.OsdIds.All(id => m.Find("ceph_osd_up", ("ceph_daemon", $"osd.{id}"))?.Value == 1 && m.Find("ceph_osd_in", ("ceph_daemon", $"osd.{id}"))?.Value == 1)
        && backend.MonNames.All(n => m.Find("ceph_mon_quorum_status", ("ceph_daemon", $"mon.{n}"))?.Value == 1);

    public static string Summary(PrometheusScrape m)
    {
        string Join(string name) => string.Join(",", m.Named(name).Select(s => $"{s.Label("ceph_daemon")}={s.Value.ToString(CultureInfo.InvariantCulture)}"));
        var health = m.Find("ceph_health_status")?.Value.ToString(CultureInfo.InvariantCulture) ?? "absent";
        return $"ceph_health_status {health}; ceph_osd_up [{Join("ceph_osd_up")}]; ceph_osd_in [{Join("ceph_osd_in")}]; ceph_mon_quorum_status [{Join("ceph_mon_quorum_status")}]";
    }
}
