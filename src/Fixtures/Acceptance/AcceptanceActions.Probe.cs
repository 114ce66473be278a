using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;

namespace Deepthought.Fixtures.Acceptance;

public sealed partial class AcceptanceActions
{
    /// <summary>Env names of the probe pod contract: the image calls PROBE_METHOD on PROBE_TARGET (plaintext h2c through its proxy).</summary>
    public const string TargetEnv = "PROBE_TARGET";
    public const string MethodEnv = "PROBE_METHOD";

    /// <summary>
    /// Probe pod contract: namespace deepthought-conformance (harness-owned, privileged because linkerd-init needs
    /// NET_ADMIN), service account conformance-probe, annotation linkerd.io/inject=enabled, image and command from the
    /// profile, target and method in env. The container writes "grpc-status=&lt;code&gt; &lt;NAME&gt;[: message]" to
    /// /dev/termination-log and exits 0 only on OK; the harness reads state.terminated.message.
    /// </summary>
    public Task<ProbePodResult> RunProbePodAsync(ProbePodRequest request, TimeSpan budget, CancellationToken cancellationToken) =>
        Guard(() => RunProbePodCoreAsync(request, budget, cancellationToken));

    private async Task<ProbePodResult> RunProbePodCoreAsync(ProbePodRequest request, TimeSpan budget, CancellationToken cancellationToken)
    {
        var ns = IAcceptanceActions.ProbeNamespace;
        await EnsureAsync(NamespaceManifest(ns), cancellationToken);
        await EnsureAsync(Manifest("v1", "ServiceAccount", IAcceptanceActions.ProbeServiceAccount, ns), cancellationToken);

        var pod = PodManifest(ns, $"conformance-probe-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}", request);
        var podRef = ObjectRef.Of(pod);
        Ledger.RecordCreated(podRef);
        await _client.CreateAsync(pod, cancellationToken);

        var result = await Poll.UntilAsync(
            async ct =>
            {
                var current = await _client.GetAsync(podRef, ct);
                if (current is null)
                {
                    return new Attempt<JsonObject?>(false, null, "the pod does not exist (deleted by someone else?)");
                }

                var terminated = current.At("status", "containerStatuses") is JsonArray statuses && statuses.Count > 0
                    ? statuses[0].At("state", "terminated") : null;
                var phase = current.Str("status", "phase");
                return new Attempt<JsonObject?>(terminated is not null || phase is "Succeeded" or "Failed", current, DescribePod(current));
            },
            TimeSpan.FromMilliseconds(500),
            TimeSpan.FromSeconds(10),
            budget,
            _time,
            cancellationToken);

        var last = result.Value;
        var message = last.At("status", "containerStatuses") is JsonArray s && s.Count > 0 ? s[0].Str("state", "terminated", "message").Trim() : "";
        return new ProbePodResult(podRef.Name, last.Str("status", "phase"), message,
            result.Succeeded ? result.LastState : $"{result.LastState} (after {result.Elapsed.TotalSeconds:0.#} s, {result.Attempts} looks)", result.Succeeded);
    }

    /// <summary>Creates the object unless it exists (recording it only when the harness created it).</summary>
    private async Task EnsureAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        var target = ObjectRef.Of(manifest);
        var current = await _client.GetAsync(target, cancellationToken);
        if (current is not null)
        {
            if (IsOurs(current))
            {
                Ledger.RecordCreated(target); // a leftover of an earlier run: remove it with ours
            }

            return;
        }

        Ledger.RecordCreated(target);
        await _client.CreateAsync(Labelled(manifest), cancellationToken);
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
        var container = new JsonObject
        {
            ["name"] = "probe",
            ["image"] = _profile.Policy.ProbeImage,
            ["env"] = new JsonArray(
                new JsonObject { ["name"] = TargetEnv, ["value"] = request.Target },
                new JsonObject { ["name"] = MethodEnv, ["value"] = request.Method }),
            ["terminationMessagePolicy"] = "FallbackToLogsOnError",
        };
        if (_profile.Policy.ProbeCommand.Count > 0)
        {
            container["command"] = new JsonArray(_profile.Policy.ProbeCommand.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }

        var pod = Labelled(Manifest("v1", "Pod", name, ns));
        var meta = (JsonObject)pod["metadata"]!;
        meta["labels"]!["app.kubernetes.io/component"] = "grpc-probe";
        meta["annotations"] = new JsonObject { ["linkerd.io/inject"] = "enabled" };
        pod["spec"] = new JsonObject
        {
            ["serviceAccountName"] = IAcceptanceActions.ProbeServiceAccount,
            ["restartPolicy"] = "Never",
            ["activeDeadlineSeconds"] = 300,
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
        foreach (var cs in pod.Items("status", "containerStatuses"))
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
