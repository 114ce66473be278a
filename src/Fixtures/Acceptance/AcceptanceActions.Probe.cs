using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;

namespace Deepthought.Fixtures.Acceptance;

public sealed partial class AcceptanceActions
{
    /// <summary>The probe pod's container and the port its web server listens on (WEB_PORT).</summary>
    public const string ProbeContainer = "probe";
    public const int WebPort = 8080;

    /// <summary>The container Linkerd's proxy injector adds (pkg/k8s/labels.go ProxyContainerName).</summary>
    public const string ProxyContainer = "linkerd-proxy";

    /// <summary>
    /// Probe pod contract: namespace deepthought-conformance (harness-owned, privileged because linkerd-init needs
    /// NET_ADMIN), service account conformance-probe, annotation linkerd.io/inject=enabled, image and command from the
    /// profile (default: the emojivoto web image the cluster already runs), env as web's own pods have it. The pod is
    /// long-lived (Linkerd injects a regular, not native, sidecar by default, so it would never finish anyway): the
    /// harness waits for its containers to run, found by name (the kubelet sorts statuses by name, so linkerd-proxy
    /// comes first), then GETs the request's path through the API server's pods/proxy. Cleanup deletes the pod.
    /// </summary>
    public Task<ProbePodResult> RunProbePodAsync(ProbePodRequest request, TimeSpan budget, CancellationToken cancellationToken) =>
        Guard(() => RunProbePodCoreAsync(request, budget, cancellationToken));

    private async Task<ProbePodResult> RunProbePodCoreAsync(ProbePodRequest request, TimeSpan budget, CancellationToken cancellationToken)
    {
        var ns = IAcceptanceActions.ProbeNamespace;
        await SetupAsync(() => EnsureAsync(NamespaceManifest(ns), cancellationToken));
        await SetupAsync(() => EnsureAsync(Manifest("v1", "ServiceAccount", IAcceptanceActions.ProbeServiceAccount, ns), cancellationToken));

        var pod = PodManifest(ns, $"conformance-probe-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}", request);
        var podRef = ObjectRef.Of(pod);
        Ledger.RecordCreated(podRef); // recorded before the write: an interruption between the two still removes it
        await SetupAsync(() => _client.CreateAsync(pod, cancellationToken));

        var path = $"api/v1/namespaces/{ns}/pods/{podRef.Name}:{WebPort}/proxy/{request.Path}";
        string phase = "";
        var result = await Poll.UntilAsync(
            async ct =>
            {
                var current = await _client.GetAsync(podRef, ct);
                if (current is null)
                {
                    return new Attempt<ProbeAnswer>(true, new ProbeAnswer(null, "the pod does not exist (deleted by someone else?)"), "the pod does not exist (deleted by someone else?)");
                }

                phase = current.Str("status", "phase");
                var state = DescribePod(current);
                var probe = ContainerStatus(current, ProbeContainer);
                if (probe?.At("state", "terminated") is not null || phase is "Succeeded" or "Failed")
                {
                    return new Attempt<ProbeAnswer>(true, new ProbeAnswer(null, state), state); // web exited: it will not answer
                }

                var proxy = ContainerStatus(current, ProxyContainer);
                if (probe?.Bool("ready") != true || (proxy is not null && proxy.Bool("ready") != true))
                {
                    return new Attempt<ProbeAnswer>(false, new ProbeAnswer(null, state), state);
                }

                var answer = await _client.ProxyGetAsync(path, ct);
                var seen = answer.FromApiServer ? $"{state}; GET /{request.Path}: HTTP {answer.StatusCode} {answer.Excerpt}" : state;
                return new Attempt<ProbeAnswer>(!answer.FromApiServer, new ProbeAnswer(answer.FromApiServer ? null : answer, seen), seen);
            },
            TimeSpan.FromMilliseconds(500),
            TimeSpan.FromSeconds(10),
            budget,
            _time,
            cancellationToken);

        if (result.Value?.Response is { } response)
        {
            return new ProbePodResult(podRef.Name, phase, response.StatusCode, response.Body, result.LastState, true);
        }

        var last = result.Succeeded ? result.LastState : $"{result.LastState} (after {result.Elapsed.TotalSeconds:0.#} s, {result.Attempts} looks)";
        if (!result.Succeeded && result.LastState.Contains($"container {ProbeContainer} waiting", StringComparison.Ordinal))
        {
            Provisioning($"probe pod {ns}/{podRef.Name}: image {_profile.Policy.ProbeImage} not started: {last}");
        }

        return new ProbePodResult(podRef.Name, phase, 0, "", last, false);
    }

    private sealed record ProbeAnswer(ProxyResponse? Response, string State);

    /// <summary>A container's status by name, among the regular and the init containers (a native sidecar is one).</summary>
    public static JsonNode? ContainerStatus(JsonNode pod, string container) =>
        pod.Items("status", "containerStatuses").Concat(pod.Items("status", "initContainerStatuses")).FirstOrDefault(s => s.Str("name") == container);

    /// <summary>Creates the object unless it exists (recording it only when the harness created it).</summary>
    private async Task<bool> EnsureAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        var target = ObjectRef.Of(manifest);
        var current = await _client.GetAsync(target, cancellationToken);
        if (current is not null)
        {
            if (IsOurs(current))
            {
                Ledger.RecordCreated(target); // a leftover of an earlier run: remove it with ours
            }

            return false;
        }

        Ledger.RecordCreated(target);
        await _client.CreateAsync(Labelled(manifest), cancellationToken);
        return true;
    }

    private static JsonObject NamespaceManifest(string ns)
    {
        var obj = Manifest("v1", "Namespace", ns, null);
        var meta = (JsonObject)obj["metadata"]!;
        meta["labels"] = new JsonObject { ["pod-security.kubernetes.io/enforce"] = "privileged" };
        meta["annotations"] = new JsonObject { ["linkerd.io/inject"] = "enabled" };
        return obj;
    }

    private JsonObject PodManifest(string ns, string name, ProbePodRequest request)
    {
        // web's entrypoint reads these four (emojivoto-web/cmd/server.go; INDEX_BUNDLE for its /js route).
        var container = new JsonObject
        {
            ["name"] = ProbeContainer,
            ["image"] = _profile.Policy.ProbeImage,
            ["imagePullPolicy"] = "IfNotPresent",
            ["env"] = new JsonArray(
                new JsonObject { ["name"] = "WEB_PORT", ["value"] = $"{WebPort}" },
                new JsonObject { ["name"] = "EMOJISVC_HOST", ["value"] = request.EmojiHost },
                new JsonObject { ["name"] = "VOTINGSVC_HOST", ["value"] = request.VotingHost },
                new JsonObject { ["name"] = "INDEX_BUNDLE", ["value"] = "dist/index_bundle.js" }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = WebPort }),
            ["terminationMessagePolicy"] = "FallbackToLogsOnError",
        };
        if (_profile.Policy.ProbeCommand.Count > 0)
        {
            container["command"] = new JsonArray(_profile.Policy.ProbeCommand.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }

        var pod = Labelled(Manifest("v1", "Pod", name, ns));
        var meta = (JsonObject)pod["metadata"]!;
        meta["labels"]!["app.kubernetes.io/component"] = "foreign-identity-probe";
        meta["annotations"] = new JsonObject { ["linkerd.io/inject"] = "enabled" };
        pod["spec"] = new JsonObject
        {
            ["serviceAccountName"] = IAcceptanceActions.ProbeServiceAccount,
            ["restartPolicy"] = "Never",
            ["activeDeadlineSeconds"] = 600, // should cleanup never run, the kubelet still stops it
            ["containers"] = new JsonArray(container),
        };
        return pod;
    }

    private static JsonObject Manifest(string apiVersion, string kind, string name, string? ns)
    {
        var meta = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = meta };
    }

    /// <summary>"phase Pending; container probe waiting: ImagePullBackOff (...)": what a user would look at in kubectl describe.</summary>
    public static string DescribePod(JsonNode pod)
    {
        var parts = new List<string> { $"phase {(pod.Str("status", "phase") is { Length: > 0 } p ? p : "unknown")}" };
        foreach (var cs in pod.Items("status", "initContainerStatuses").Concat(pod.Items("status", "containerStatuses")))
        {
            var name = cs.Str("name");
            if (cs.At("state", "waiting") is { } waiting)
            {
                parts.Add($"container {name} waiting: {waiting.Str("reason")}{(waiting.Str("message") is { Length: > 0 } m ? $" ({m})" : "")}");
            }
            else if (cs.At("state", "terminated") is { } terminated)
            {
                parts.Add($"container {name} terminated: exit {terminated.Long("exitCode")}, {terminated.Str("reason")}{(terminated.Str("message") is { Length: > 0 } m ? $", message \"{m.Trim()}\"" : "")}");
            }
            else if (cs.At("state", "running") is not null)
            {
                parts.Add($"container {name} running");
            }
        }

        foreach (var c in pod.Items("status", "conditions").Where(c => c.Str("status") == "False" && c.Str("reason").Length > 0))
        {
            parts.Add($"{c.Str("type")}=False ({c.Str("reason")}: {c.Str("message")})");
        }

        return string.Join("; ", parts);
    }
}
