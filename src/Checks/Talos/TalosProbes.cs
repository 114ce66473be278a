using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Talos;

/// <summary>Talos API probes: the talosconfig, Version/Hostname and ServiceList per node, the kubeconfig's context.</summary>
public sealed class TalosProbes : IProbeModule
{
    public void Register(ObservationCache cache, ClusterConnections connections)
    {
        var session = TalosSession.For(cache, connections);
        cache.Register(_ =>
        {
            var config = session.Client.Config;
            return Task.FromResult(new TalosconfigObservation(
                config.Path,
                config.Context,
                config.Endpoints,
                config.Nodes,
                TalosSession.Facts(config.Credentials.Ca),
                TalosSession.Facts(config.Credentials.ClientCertificate)));
        });
        cache.Register(async ct => new TalosVersionsObservation(
            session.Client.Endpoint,
            await session.AskEveryNodeAsync(async (client, node, t) =>
            {
                // Concurrent: an unreachable node then costs one call timeout, not two.
                var version = client.VersionAsync(node, t);
                var hostname = client.HostnameAsync(node, t);
                var (v, h) = (await version, await hostname);
                return new TalosVersionFacts(v.Version_?.Tag ?? "", v.Platform?.Mode ?? "", h.Hostname_);
            }, ct)));
        cache.Register(async ct => new TalosServicesObservation(
            await session.AskEveryNodeAsync<IReadOnlyList<ServiceFacts>>(async (client, node, t) =>
                (await client.ServiceListAsync(node, t)).Services
                    .Select(s => new ServiceFacts(s.Id, s.State, s.Health?.Healthy ?? false, s.Health?.Unknown ?? true, s.Health?.LastMessage ?? ""))
                    .ToList(), ct)));
        cache.Register(_ => Task.FromResult(KubeconfigReader.Read(connections)));
    }
}
