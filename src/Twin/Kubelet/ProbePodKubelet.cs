using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Kubelet;

/// <summary>
/// The twin's kubelet for the harness's probe pods (labelled app.kubernetes.io/managed-by=deepthought-conformance):
/// it "runs" the probe container — one gRPC call from the pod's identity (meshed when annotated
/// linkerd.io/inject=enabled) through the twin's network — and sets the pod Succeeded or Failed with the gRPC status
/// in status.containerStatuses[0].state.terminated.message, as the real probe image writes it.
/// </summary>
[TwinScenario("probe-image-pull-fails", "the probe image cannot be pulled: harness probe pods stay Pending in ImagePullBackOff")]
[TwinScenario("cleanup-step-fails", "a validating webhook refuses the first DELETE of a harness probe pod (a retry succeeds)")]
public sealed class ProbePodKubelet : ITwinComponent
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string Harness = "deepthought-conformance";

    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private TwinContext? _context;
    private int _refusedDeletes;

    public int Order => 85;

    public Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        _context = context;
        context.Store.Changed += OnChanged;
        if (context.Scenarios.Has("cleanup-step-fails"))
        {
            context.Store.AddAdmission((change, type, obj) =>
                change == ChangeType.Deleted && type.Kind == "Pod" && IsProbe(obj) && Interlocked.Exchange(ref _refusedDeletes, 1) == 0
                    ? $"admission webhook \"pod-guard.twin.deepthought\" denied the request: pod {obj.Str("metadata", "name")} is still being finalized, try again"
                    : null);
        }

        return Task.CompletedTask;
    }

    private static bool IsProbe(JsonNode pod) => pod.Str("metadata", "labels", ManagedBy) == Harness;

    private void OnChanged(StoreChange change)
    {
        if (change.Type != ChangeType.Added || change.Resource.Kind != "Pod" || change.Resource.Group.Length != 0 || !IsProbe(change.Object))
        {
            return;
        }

        var key = $"{change.Object.Str("metadata", "namespace")}/{change.Object.Str("metadata", "name")}";
        var pod = (JsonObject)change.Object.DeepClone();
        _running.TryAdd(key, Task.Run(() => RunAsync(pod, _stop.Token)));
    }

    private async Task RunAsync(JsonObject pod, CancellationToken stop)
    {
        var ctx = _context!;
        var ns = pod.Str("metadata", "namespace");
        var name = pod.Str("metadata", "name");
        var container = pod.Items("spec", "containers").FirstOrDefault();
        var containerName = container.Str("name") is { Length: > 0 } n ? n : "probe";
        var image = container.Str("image");
        if (ctx.Scenarios.Has("probe-image-pull-fails"))
        {
            SetStatus(ns, name, "Pending", Waiting(containerName, image, "ImagePullBackOff", $"Back-off pulling image \"{image}\": not found"));
            return;
        }

        SetStatus(ns, name, "Running", new JsonObject { ["name"] = containerName, ["image"] = image, ["ready"] = true, ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Now(ctx) } } });

        var env = container.Items("env").ToDictionary(e => e.Str("name"), e => e.Str("value"), StringComparer.Ordinal);
        int code;
        string message;
        if (!env.TryGetValue("PROBE_TARGET", out var target) || !env.TryGetValue("PROBE_METHOD", out var method))
        {
            (code, message) = (-1, "probe: PROBE_TARGET and PROBE_METHOD must be set");
        }
        else if (ctx.Find<ITwinNetwork>() is not { } network)
        {
            (code, message) = (14, "the twin has no pod network (mesh layer not started)");
        }
        else
        {
            var identity = new WorkloadIdentity(ns, name, pod.Str("spec", "serviceAccountName") is { Length: > 0 } sa ? sa : "default", Meshed(ctx, pod, ns));
            try
            {
                (code, message) = await GrpcProbeCall.InvokeAsync(network.ClientFor(identity), target, method, TimeSpan.FromSeconds(10), stop);
            }
            catch (OperationCanceledException)
            {
                return; // the twin is stopping
            }
        }

        var line = code < 0 ? message : GrpcProbeCall.Format(code, message);
        SetStatus(ns, name, code == 0 ? "Succeeded" : "Failed", new JsonObject
        {
            ["name"] = containerName,
            ["image"] = image,
            ["ready"] = false,
            ["state"] = new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = code == 0 ? 0 : 1,
                    ["reason"] = code == 0 ? "Completed" : "Error",
                    ["message"] = line + "\n",
                    ["finishedAt"] = Now(ctx),
                },
            },
        });
    }

    /// <summary>Injected when the pod or its namespace asks for it (the proxy injector's rule).</summary>
    private static bool Meshed(TwinContext ctx, JsonNode pod, string ns) =>
        pod.Str("metadata", "annotations", "linkerd.io/inject") == "enabled"
        || (pod.Str("metadata", "annotations", "linkerd.io/inject") != "disabled"
            && ctx.Store.Get("v1", "Namespace", null, ns).Str("metadata", "annotations", "linkerd.io/inject") == "enabled");

    private static JsonObject Waiting(string container, string image, string reason, string message) => new()
    {
        ["name"] = container,
        ["image"] = image,
        ["ready"] = false,
        ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } },
    };

    private void SetStatus(string ns, string name, string phase, JsonObject containerStatus) =>
        _context!.Store.Update("v1", "Pod", ns, name, o => o["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["podIP"] = "10.244.2.200",
            ["hostIP"] = _context.Profile.Nodes.Last().Ip,
            ["startTime"] = Now(_context),
            ["containerStatuses"] = new JsonArray(containerStatus),
        });

    private static string Now(TwinContext ctx) => ctx.Time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            _context.Store.Changed -= OnChanged;
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
