using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;
using Deepthought.Protocols;

namespace Deepthought.Checks.Etcd;

/// <summary>etcd through the Talos API (the etcd client port needs the etcd CA, which a talosconfig does not hold).</summary>
public sealed class EtcdProbes : IProbeModule
{
    public void Register(ObservationCache cache, ClusterConnections connections)
    {
        var session = TalosSession.For(cache, connections);
        cache.Register(async ct =>
        {
            var client = session.Client;
            var targets = await session.TargetsAsync();
            return new EtcdObservation(await Task.WhenAll(targets.Select(node => AskAsync(client, node, ct))));
        });
    }

    private static async Task<EtcdNodeFacts> AskAsync(TalosClient client, string node, CancellationToken cancellationToken)
    {
        var members = Try(async () => (IReadOnlyList<EtcdMemberFacts>)(await client.EtcdMemberListAsync(node, cancellationToken)).Members
            .Select(m => new EtcdMemberFacts(m.Id, m.Hostname, m.PeerUrls.ToList(), m.ClientUrls.ToList(), m.IsLearner)).ToList());
        var status = Try(async () =>
        {
            var s = (await client.EtcdStatusAsync(node, cancellationToken)).MemberStatus ?? new Protos.Machine.EtcdMemberStatus();
            return new EtcdStatusFacts(s.MemberId, s.ProtocolVersion, s.DbSize, s.DbSizeInUse, s.Leader, s.RaftTerm, s.RaftIndex, s.Errors.ToList(), s.IsLearner);
        });
        var alarms = TryThroughElectionAsync(async () => (IReadOnlyList<EtcdAlarmFacts>)(await client.EtcdAlarmListAsync(node, cancellationToken)).MemberAlarms
            .Select(a => new EtcdAlarmFacts(a.MemberId, a.Alarm.ToString().ToUpperInvariant())).ToList(), cancellationToken);
        var (m, mError) = await members;
        var (s, sError) = await status;
        var (a, aError) = await alarms;
        return new EtcdNodeFacts(node, m, mError, s, sError, a, aError);
    }

    /// <summary>
    /// As <see cref="Try{T}"/>, but asks again for a few seconds while etcd answers that a request timed out or the
    /// leader changed: right after a member fails, the survivors elect a leader and time out reads meanwhile (the alarm
    /// list is a linearizable read). That is the election, not the answer; the member's own failure shows in
    /// etcd.member-health and etcd.members, which ask once.
    /// </summary>
    private static async Task<(T? Value, string? Error)> TryThroughElectionAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        static bool DuringElection(string? error) => error is not null &&
            (error.Contains("request timed out", StringComparison.Ordinal) || error.Contains("leader changed", StringComparison.Ordinal) || error.Contains("no leader", StringComparison.Ordinal));
        var polled = await Poll.UntilAsync(
            async _ =>
            {
                var answer = await Try(call);
                return new Attempt<(T? Value, string? Error)>(!DuringElection(answer.Error), answer, answer.Error ?? "answered");
            },
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(30),
            TimeSpan.FromSeconds(10),
            TimeProvider.System,
            cancellationToken);
        return polled.Value;
    }

    private static async Task<(T? Value, string? Error)> Try<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return (await call(), null);
        }
        catch (TalosCallException e)
        {
            return (null, e.Message);
        }
    }
}
