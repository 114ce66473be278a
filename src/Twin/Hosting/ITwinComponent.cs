namespace Deepthought.Twin.Hosting;

/// <summary>
/// One part of the twin (Kubernetes API, Talos apids, etcd, Ceph, workloads, mesh, gateway). Components start in
/// <see cref="Order"/>: seeders first (they fill the store), servers after; they stop in reverse order.
/// </summary>
public interface ITwinComponent : IAsyncDisposable
{
    /// <summary>Lower starts earlier. Seeding: 0–99; backends: 100–199; servers: 200+; the Kubernetes API: 900.</summary>
    int Order { get; }

    Task StartAsync(TwinContext context, CancellationToken cancellationToken);
}
