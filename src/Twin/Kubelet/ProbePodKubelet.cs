using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Emojivoto;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Mesh;
using Deepthought.Twin.Scenarios;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Deepthought.Twin.Kubelet;

/// <summary>
/// The twin's kubelet for the harness's pods (labelled app.kubernetes.io/managed-by=deepthought-conformance), as a
/// real node runs them: an image is pulled only when it exists (an image the cluster's own pods already run — the
/// twin has no registry beyond that), else the container waits in ImagePullBackOff. An emojivoto-web container
/// serves web's HTTP API on WEB_PORT (reachable through the API server's pods/proxy), calling emoji and voting from
/// the pod's identity — meshed when the proxy injector gave it a linkerd-proxy. Container statuses are sorted by
/// container name, as the kubelet does, so a regular linkerd-proxy sidecar comes first; a native one appears among
/// the init container statuses. A pod with a regular sidecar never finishes while its proxy runs.
/// </summary>
[TwinScenario("probe-image-pull-fails", "the probe image cannot be pulled: harness probe pods stay Pending in ImagePullBackOff")]
[TwinScenario("cleanup-step-fails", "a validating webhook refuses the first DELETE of a harness probe pod (a retry succeeds)")]
public sealed class ProbePodKubelet : ITwinComponent
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string Harness = "deepthought-conformance";

    /// <summary>The image repository (without registry or tag) whose entrypoint is emojivoto's web server.</summary>
    public const string WebImageName = "emojivoto-web";

    private readonly ConcurrentDictionary<string, RunningPod> _running = new(StringComparer.Ordinal);
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
        if (change.Resource.Kind != "Pod" || change.Resource.Group.Length != 0 || !IsProbe(change.Object))
        {
            return;
        }

        var key = $"{change.Object.Str("metadata", "namespace")}/{change.Object.Str("metadata", "name")}";
        if (change.Type == ChangeType.Deleted)
        {
            if (_running.TryRemove(key, out var gone))
            {
                _ = Task.Run(() => gone.StopAsync(_context!));
            }

            return;
        }

        if (change.Type == ChangeType.Added)
        {
            var pod = (JsonObject)change.Object.DeepClone();
            var running = new RunningPod(pod);
            if (_running.TryAdd(key, running))
            {
                running.Task = Task.Run(() => RunAsync(running, _stop.Token));
            }
        }
    }

    /// <summary>Images that exist for the twin: those the cluster's own pods run (the harness's pods excluded).</summary>
    private HashSet<string> AvailableImages() =>
        _context!.Store.List("v1", "Pod")
            .Where(p => !IsProbe(p))
            .SelectMany(p => p.Items("spec", "containers").Concat(p.Items("spec", "initContainers")))
            .Select(c => c.Str("image"))
            .Where(i => i.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

    private async Task RunAsync(RunningPod running, CancellationToken stop)
    {
        var ctx = _context!;
        var pod = running.Pod;
        var ns = pod.Str("metadata", "namespace");
        var name = pod.Str("metadata", "name");
        var containers = pod.Items("spec", "containers").OfType<JsonObject>().ToList();
        var sidecars = pod.Items("spec", "initContainers").OfType<JsonObject>().Where(c => c.Str("restartPolicy") == "Always").ToList();
        var app = containers.FirstOrDefault(c => c.Str("name") != LinkerdInjector.ProxyContainer);
        if (app is null)
        {
            return;
        }

        var images = AvailableImages();
        var appName = app.Str("name");
        var appImage = app.Str("image");
        var statuses = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var initStatuses = new List<JsonObject>();
        foreach (var c in containers.Where(c => c != app))
        {
            statuses[c.Str("name")] = Running(c, ctx);
        }

        initStatuses.AddRange(sidecars.Select(c => Running(c, ctx)));
        if (ctx.Scenarios.Has("probe-image-pull-fails") || !images.Contains(appImage))
        {
            statuses[appName] = Waiting(appName, appImage, "ImagePullBackOff", $"Back-off pulling image \"{appImage}\": not found");
            SetStatus(ns, name, "Pending", statuses, initStatuses);
            return;
        }

        var env = app.Items("env").ToDictionary(e => e.Str("name"), e => e.Str("value"), StringComparer.Ordinal);
        if (!IsWebImage(appImage) || app.Items("command").Any())
        {
            // Another image, or a command the twin does not model: it runs, serving nothing the twin knows.
            statuses[appName] = Running(app, ctx);
            SetStatus(ns, name, "Running", statuses, initStatuses);
            return;
        }

        var port = env.GetValueOrDefault("WEB_PORT", "");
        var emoji = env.GetValueOrDefault("EMOJISVC_HOST", "");
        var voting = env.GetValueOrDefault("VOTINGSVC_HOST", "");
        if (port.Length == 0 || emoji.Length == 0 || voting.Length == 0)
        {
            // web's main() exits through log.Fatalf when one of its three variables is empty.
            statuses[appName] = Terminated(app, 1, "Error",
                $"WEB_PORT (currently [{port}]) EMOJISVC_HOST (currently [{emoji}]) and VOTINGSVC_HOST (currently [{voting}]) environment variables must me set.", ctx);
            SetStatus(ns, name, statuses.Count > 1 || initStatuses.Count > 0 ? "Running" : "Failed", statuses, initStatuses);
            return;
        }

        if (ctx.Find<ITwinNetwork>() is not { } network)
        {
            statuses[appName] = Waiting(appName, appImage, "ContainerCreating", "the twin has no pod network (mesh layer not started)");
            SetStatus(ns, name, "Pending", statuses, initStatuses);
            return;
        }

        var meshed = containers.Concat(sidecars).Any(c => c.Str("name") == LinkerdInjector.ProxyContainer);
        var identity = new WorkloadIdentity(ns, name, pod.Str("spec", "serviceAccountName") is { Length: > 0 } sa ? sa : "default", meshed);
        try
        {
            running.Api = new WebApi(network.ClientFor(identity), emoji, voting);
            (running.App, var uris) = await LoopbackHost.StartAsync(HttpProtocols.Http1, 1, null, a => WebPages.Map(a, running.Api), stop);
            running.Ports = [port, .. app.Items("ports").Where(p => p.Str("containerPort") == port && p.Str("name").Length > 0).Select(p => p.Str("name"))];
            foreach (var p in running.Ports)
            {
                ctx.Proxies.Register("pods", ns, name, p, uris[0]);
            }
        }
        catch (OperationCanceledException)
        {
            return; // the twin is stopping
        }

        statuses[appName] = Running(app, ctx);
        SetStatus(ns, name, "Running", statuses, initStatuses);
    }

    /// <summary>registry/path/emojivoto-web:tag (or @digest).</summary>
    public static bool IsWebImage(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var lastSlash = withoutDigest.LastIndexOf('/');
        var repoAndTag = withoutDigest[(lastSlash + 1)..];
        return repoAndTag.Split(':')[0] == WebImageName;
    }

    private static JsonObject Running(JsonNode container, TwinContext ctx) => new()
    {
        ["name"] = container.Str("name"),
        ["image"] = container.Str("image"),
        ["ready"] = true,
        ["started"] = true,
        ["restartCount"] = 0,
        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Now(ctx) } },
    };

    private static JsonObject Terminated(JsonNode container, int exitCode, string reason, string message, TwinContext ctx) => new()
    {
        ["name"] = container.Str("name"),
        ["image"] = container.Str("image"),
        ["ready"] = false,
        ["started"] = false,
        ["restartCount"] = 0,
        ["state"] = new JsonObject
        {
            ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["reason"] = reason, ["message"] = message + "\n", ["finishedAt"] = Now(ctx) },
        },
    };

    private static JsonObject Waiting(string container, string image, string reason, string message) => new()
    {
        ["name"] = container,
        ["image"] = image,
        ["ready"] = false,
        ["started"] = false,
        ["restartCount"] = 0,
        ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } },
    };

    /// <summary>Writes the pod's status; container statuses sorted by name, as the kubelet sorts them.</summary>
    private void SetStatus(string ns, string name, string phase, Dictionary<string, JsonObject> statuses, List<JsonObject> initStatuses)
    {
        var ready = phase == "Running" && statuses.Values.All(s => s["ready"]?.GetValue<bool>() == true);
        _context!.Store.Update("v1", "Pod", ns, name, o =>
        {
            var status = new JsonObject
            {
                ["phase"] = phase,
                ["podIP"] = "10.244.2.200",
                ["hostIP"] = _context.Profile.Nodes.Last().Ip,
                ["startTime"] = Now(_context),
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" },
                    new JsonObject { ["type"] = "ContainersReady", ["status"] = ready ? "True" : "False" }),
                ["containerStatuses"] = new JsonArray(statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (JsonNode)s.Value).ToArray()),
            };
            if (initStatuses.Count > 0)
            {
                status["initContainerStatuses"] = new JsonArray(initStatuses.Select(s => (JsonNode)s).ToArray());
            }

            o["status"] = status;
        });
    }

    private static string Now(TwinContext ctx) => ctx.Time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            _context.Store.Changed -= OnChanged;
        }

        await _stop.CancelAsync();
        foreach (var running in _running.Values)
        {
            await running.StopAsync(_context!);
        }

        _stop.Dispose();
    }

    /// <summary>One harness pod the twin's kubelet runs: its web server while it lives.</summary>
    private sealed class RunningPod(JsonObject pod)
    {
        public JsonObject Pod { get; } = pod;

        public Task? Task { get; set; }

        public WebApi? Api { get; set; }

        public WebApplication? App { get; set; }

        public IReadOnlyList<string> Ports { get; set; } = [];

        public async Task StopAsync(TwinContext ctx)
        {
            if (Task is { } started)
            {
                await started.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            foreach (var p in Ports)
            {
                ctx.Proxies.Unregister("pods", Pod.Str("metadata", "namespace"), Pod.Str("metadata", "name"), p);
            }

            if (App is { } app)
            {
                await app.DisposeAsync();
            }

            Api?.Dispose();
        }
    }
}
