using Deepthought.Protocols.Talos.Tls;
using Deepthought.Protos.Cosi;
using Deepthought.Protos.Machine;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using CommonMetadata = Deepthought.Protos.Common.Metadata;
using GrpcMetadata = Grpc.Core.Metadata;

namespace Deepthought.Checks.Talos;

/// <summary>Options of a <see cref="TalosClient"/>.</summary>
public sealed record TalosClientOptions
{
    /// <summary>Deadline of every call (and bound of each connection setup).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Port for endpoints written without one (apid's 50000).</summary>
    public int DefaultPort { get; init; } = 50000;

    /// <summary>Clock for certificate validity and deadlines.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// The Talos API through a talosconfig's endpoints: one gRPC channel per endpoint (HTTP/2 over BouncyCastle mutual
/// TLS), every call aimed at one node with the single-valued <c>node</c> metadata key (grpc-dotnet would merge a
/// multi-valued <c>nodes</c> into one "a,b" header), every call under a deadline, per-node <c>metadata.error</c> read.
/// </summary>
public sealed partial class TalosClient : IDisposable
{
    private const int MaxMessageSize = 32 * 1024 * 1024;
    private readonly List<(string Name, GrpcChannel Channel)> _channels;
    private readonly TalosClientOptions _options;
    private int _current;

    public TalosClient(Talosconfig config, TalosClientOptions? options = null)
    {
        _options = options ?? new TalosClientOptions();
        Config = config;
        Connector = new TalosConnector(config.Credentials, _options.Time, _options.CallTimeout);
        _channels = config.Endpoints.Select(e =>
        {
            var (host, port) = Talosconfig.ParseEndpoint(e, _options.DefaultPort);
            var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
            var channel = GrpcChannel.ForAddress($"http://{authority}", new GrpcChannelOptions
            {
                HttpHandler = Connector.CreateHandler(),
                DisposeHttpClient = true,
                MaxReceiveMessageSize = MaxMessageSize,
            });
            return (authority, channel);
        }).ToList();
    }

    public Talosconfig Config { get; }

    public TalosConnector Connector { get; }

    public TimeSpan CallTimeout => _options.CallTimeout;

    /// <summary>The endpoint calls go through (the first one that could be reached).</summary>
    public string Endpoint => _channels[Volatile.Read(ref _current)].Name;

    public Task<Protos.Machine.Version> VersionAsync(string node, CancellationToken cancellationToken) =>
        UnaryAsync(node, "Version", (c, o) => new MachineService.MachineServiceClient(c).VersionAsync(new Empty(), o), r => r.Messages, m => m.Metadata, cancellationToken);

    public Task<Hostname> HostnameAsync(string node, CancellationToken cancellationToken) =>
        UnaryAsync(node, "Hostname", (c, o) => new MachineService.MachineServiceClient(c).HostnameAsync(new Empty(), o), r => r.Messages, m => m.Metadata, cancellationToken);

    public Task<ServiceList> ServiceListAsync(string node, CancellationToken cancellationToken) =>
        UnaryAsync(node, "ServiceList", (c, o) => new MachineService.MachineServiceClient(c).ServiceListAsync(new Empty(), o), r => r.Messages, m => m.Metadata, cancellationToken);

    public Task<EtcdMembers> EtcdMemberListAsync(string node, CancellationToken cancellationToken) =>
        UnaryAsync(node, "EtcdMemberList", (c, o) => new MachineService.MachineServiceClient(c).EtcdMemberListAsync(new EtcdMemberListRequest { QueryLocal = true }, o), r => r.Messages, m => m.Metadata, cancellationToken);

    public Task<EtcdStatus> EtcdStatusAsync(string node, CancellationToken cancellationToken) =>
        UnaryAsync(node, "EtcdStatus", (c, o) => new MachineService.MachineServiceClient(c).EtcdStatusAsync(new Empty(), o), r => r.Messages, m => m.Metadata, cancellationToken);

    public Task<EtcdAlarm> EtcdAlarmListAsync(string node, CancellationToken cancellationToken) =>
        UnaryAsync(node, "EtcdAlarmList", (c, o) => new MachineService.MachineServiceClient(c).EtcdAlarmListAsync(new Empty(), o), r => r.Messages, m => m.Metadata, cancellationToken);

    /// <summary>COSI List of one resource type on one node (the State service requires the single <c>node</c> key).</summary>
    public Task<IReadOnlyList<Resource>> ListResourcesAsync(string node, string ns, string type, CancellationToken cancellationToken) =>
        WithEndpointsAsync<IReadOnlyList<Resource>>(node, $"COSI List {type}", async (channel, options) =>
        {
            using var call = new State.StateClient(channel).List(new ListRequest { Namespace = ns, Type = type }, options);
            var items = new List<Resource>();
            while (await call.ResponseStream.MoveNext(options.CancellationToken))
            {
                if (call.ResponseStream.Current.Resource is { } r)
                {
                    items.Add(r);
                }
            }

            return items;
        }, cancellationToken);

    public void Dispose()
    {
        foreach (var (_, channel) in _channels)
        {
            channel.Dispose();
        }
    }

    private Task<TItem> UnaryAsync<TResponse, TItem>(
        string node,
        string method,
        Func<ChannelBase, CallOptions, AsyncUnaryCall<TResponse>> call,
        Func<TResponse, IList<TItem>> messages,
        Func<TItem, CommonMetadata?> metadata,
        CancellationToken cancellationToken) =>
        WithEndpointsAsync(node, method, async (channel, options) =>
        {
            var response = await call(channel, options);
            var items = messages(response);
            if (items.Count == 0)
            {
                throw new TalosCallException(node, method, $"{method} on node {node}: the reply through endpoint {Endpoint} carried no message");
            }

            // With `node` apid passes the reply through (no metadata); a proxy in between may still set metadata.error.
            var error = metadata(items[0])?.Error;
            if (!string.IsNullOrEmpty(error))
            {
                throw new TalosCallException(node, method, $"{method} on node {node} through endpoint {Endpoint} failed: {error}");
            }

            return items[0];
        }, cancellationToken);

    private async Task<T> WithEndpointsAsync<T>(string node, string method, Func<ChannelBase, CallOptions, Task<T>> call, CancellationToken cancellationToken)
    {
        var start = Volatile.Read(ref _current);
        TalosCallException? last = null;
        for (var i = 0; i < _channels.Count; i++)
        {
            var index = (start + i) % _channels.Count;
            var (name, channel) = _channels[index];
            var options = new CallOptions(
                headers: new GrpcMetadata { { "node", node } },
                deadline: _options.Time.GetUtcNow().UtcDateTime + _options.CallTimeout,
                cancellationToken: cancellationToken);
            try
            {
                var result = await call(channel, options);
                Volatile.Write(ref _current, index);
                return result;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                last = Explain(e, node, method, name);
                if (ConnectionFailure(e) is not { TlsRefused: false })
                {
                    throw last;
                }
            }
        }

        throw last!;
    }
}
