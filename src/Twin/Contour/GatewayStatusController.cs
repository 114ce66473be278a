using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Contour;

/// <summary>
/// Contour's Gateway API status writer: for GatewayClasses naming projectcontour.io/gateway-controller it sets
/// Accepted; for their Gateways, Accepted and Programmed with status.addresses from the Envoy Service's load-balancer
/// ingress (none on bare metal: still Programmed=True, as Contour does unless spec.addresses asks for one) and per-listener
/// attachedRoutes; for HTTPRoutes attached to them, per-parent Accepted and ResolvedRefs (BackendNotFound when the
/// Service is missing). Reacts to the store's changes; writes only when a status really changes.
/// </summary>
internal sealed class GatewayStatusController : IAsyncDisposable
{
    private readonly KubeStore _store;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public GatewayStatusController(KubeStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public void Start()
    {
        _store.Changed += OnChanged;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
        _signal.Writer.TryWrite(true);
    }

    private void OnChanged(StoreChange change)
    {
        if (change.Resource.Group == GatewayApi.Group || (change.Resource.Group.Length == 0 && change.Resource.Kind == "Service"))
        {
            _signal.Writer.TryWrite(true);
        }
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        try
        {
            while (await _signal.Reader.WaitToReadAsync(stop))
            {
                _signal.Reader.TryRead(out _);
                try
                {
                    Reconcile();
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
                {
                    // A malformed object must not kill the controller; the next change retries.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One pass over every Gateway API object (small in the twin; Contour does the same on its informers).</summary>
    public void Reconcile()
    {
        var ours = _store.List(TwinKinds.GatewayClass).Select(GatewayClassInfo.From).Where(c => c.ControllerName == GatewayApi.ContourController).ToList();
        foreach (var cls in ours)
        {
            WriteStatus(TwinKinds.GatewayClass, null, cls.Name, old => new JsonObject
            {
                ["conditions"] = Conditions(old, cls.Generation, ("Accepted", true, "Accepted", "Valid GatewayClass")),
            });
        }

        var classNames = ours.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var gateways = _store.List(TwinKinds.Gateway).Select(GatewayInfo.From).Where(g => classNames.Contains(g.ClassName)).ToList();
        var routes = _store.List(TwinKinds.HttpRoute).Select(HttpRouteInfo.From).ToList();
        var verdicts = routes.ToDictionary(r => r.Key, r => gateways
            .Select(g => (Gateway: g, Ref: r.ParentRefs.FirstOrDefault(p => p.IsGateway(g.Namespace, g.Name))))
            .Where(x => x.Ref is not null)
            .Select(x => Judge(r, x.Gateway, x.Ref!))
            .ToList());

        foreach (var gw in gateways)
        {
            WriteGateway(gw, verdicts.Values.SelectMany(v => v).Where(v => v.Gateway == gw && v.Accepted).ToList());
        }

        foreach (var route in routes)
        {
            WriteRoute(route, verdicts[route.Key]);
        }
    }

    private sealed record ParentVerdict(GatewayInfo Gateway, ParentRef Ref, ListenerSpec? Listener, bool Accepted, string AcceptedReason, string AcceptedMessage, bool Resolved, string ResolvedReason, string ResolvedMessage);

    private ParentVerdict Judge(HttpRouteInfo route, GatewayInfo gw, ParentRef parent)
    {
        var listeners = gw.Listeners.Where(l => parent.SectionName.Length == 0 || l.Name == parent.SectionName).ToList();
        var listener = listeners.FirstOrDefault(l => l.AllowedFrom == "All" || (l.AllowedFrom == "Same" && route.Namespace == gw.Namespace));
        var (accepted, reason, message) =
            listeners.Count == 0 ? (false, "NoMatchingParent", $"No listener named {parent.SectionName} on Gateway {gw.Key}")
            : listener is null ? (false, "NotAllowedByListeners", $"No listener of Gateway {gw.Key} allows routes from namespace {route.Namespace}")
            : listener.Hostname.Length > 0 && route.Hostnames.Count > 0 && !route.Hostnames.Any(h => RouteTable.HostMatches(listener.Hostname, h) || RouteTable.HostMatches(h, listener.Hostname))
                ? (false, "NoMatchingListenerHostname", "No intersecting hostnames were found between the listener and the route.")
            : (true, "Accepted", "Accepted HTTPRoute");

        var problems = new List<(string Reason, string Message)>();
        foreach (var b in route.Rules.SelectMany(r => r.Backends))
        {
            if (!b.IsService)
            {
                problems.Add(("InvalidKind", $"Spec.Rules.BackendRef.Kind: {b.Kind} is not supported (only core Service)."));
            }
            else if (b.Namespace != route.Namespace)
            {
                problems.Add(("RefNotPermitted", $"Spec.Rules.BackendRef.Namespace: {b.Namespace} is not permitted without a ReferenceGrant."));
            }
            else if (_store.Get("v1", "Service", b.Namespace, b.Name) is null)
            {
                problems.Add(("BackendNotFound", $"service \"{b.Name}\" not found"));
            }
        }

        var resolved = problems.Count == 0;
        return new ParentVerdict(gw, parent, listener, accepted, reason, message, resolved,
            resolved ? "ResolvedRefs" : problems[0].Reason,
            resolved ? "References resolved" : string.Join("; ", problems.Select(p => p.Message)));
    }

    private void WriteGateway(GatewayInfo gw, IReadOnlyList<ParentVerdict> attached)
    {
        var contour = _store.Get("apps/v1", "Deployment", gw.Namespace, $"contour-{gw.Name}");
        if (contour is null || contour.Str("metadata", "labels", "projectcontour.io/owning-gateway-name") != gw.Name)
        {
            // No Contour was provisioned for this Gateway (the name is another install's): only the provisioner acts,
            // setting Accepted; nothing programs it.
            WriteStatus(TwinKinds.Gateway, gw.Namespace, gw.Name, old =>
            {
                var next = (JsonObject)old.DeepClone();
                var conditions = new JsonArray(old.Items("conditions").Where(c => c.Str("type") != "Accepted").Select(c => (JsonNode?)c.DeepClone()).ToArray());
                foreach (var c in Conditions(old, gw.Generation, ("Accepted", true, "Accepted", "Gateway is accepted")))
                {
                    conditions.Insert(0, c!.DeepClone());
                }

                next["conditions"] = conditions;
                return next;
            });
            return;
        }

        var service = _store.Get("v1", "Service", gw.Namespace, $"envoy-{gw.Name}");
        var addresses = new JsonArray();
        foreach (var ingress in service.Items("status", "loadBalancer", "ingress"))
        {
            addresses.Add(ingress.Str("ip") is { Length: > 0 } ip
                ? new JsonObject { ["type"] = "IPAddress", ["value"] = ip }
                : new JsonObject { ["type"] = "Hostname", ["value"] = ingress.Str("hostname") });
        }

        // Contour's Gateway processor: Programmed=False/AddressNotAssigned only when spec.addresses asks for addresses
        // none of which is in status; no spec.addresses (the seed's Gateway) is always "assigned", address or not.
        var requested = _store.Get(TwinKinds.Gateway, gw.Namespace, gw.Name).Items("spec", "addresses")
            .Select(a => (Type: a.Str("type") is { Length: > 0 } t ? t : "IPAddress", Value: a.Str("value"))).ToList();
        var assigned = requested.Count == 0 || requested.Any(r => addresses.Any(a => a.Str("type") == r.Type && a.Str("value") == r.Value));
        WriteStatus(TwinKinds.Gateway, gw.Namespace, gw.Name, old => new JsonObject
        {
            ["addresses"] = addresses,
            ["conditions"] = Conditions(old, gw.Generation,
                ("Accepted", true, "Accepted", "Gateway is accepted"),
                assigned
                    ? ("Programmed", true, "Programmed", "Valid Gateway")
                    : ("Programmed", false, "AddressNotAssigned", "None of the addresses in Spec.Addresses have been assigned to the Gateway")),
            ["listeners"] = new JsonArray(gw.Listeners.Select(l => (JsonNode?)new JsonObject
            {
                ["name"] = l.Name,
                ["attachedRoutes"] = attached.Count(a => a.Listener?.Name == l.Name),
                ["supportedKinds"] = new JsonArray(new JsonObject { ["group"] = GatewayApi.Group, ["kind"] = "HTTPRoute" }, new JsonObject { ["group"] = GatewayApi.Group, ["kind"] = "GRPCRoute" }),
                ["conditions"] = Conditions(old.Items("listeners").FirstOrDefault(x => x.Str("name") == l.Name), gw.Generation,
                    ("Programmed", true, "Programmed", "Valid listener"),
                    ("Accepted", true, "Accepted", "Listener accepted"),
                    ("ResolvedRefs", true, "ResolvedRefs", "Listener references resolved")),
            }).ToArray()),
        });
    }

    private void WriteRoute(HttpRouteInfo route, IReadOnlyList<ParentVerdict> verdicts)
    {
        if (verdicts.Count == 0 && route.Parents.All(p => p.ControllerName != GatewayApi.ContourController))
        {
            return;
        }

        WriteStatus(TwinKinds.HttpRoute, route.Namespace, route.Name, old =>
        {
            var parents = new JsonArray();
            foreach (var other in old.Items("parents").Where(p => p.Str("controllerName") != GatewayApi.ContourController))
            {
                parents.Add(other.DeepClone());
            }

            foreach (var v in verdicts)
            {
                var previous = old.Items("parents").FirstOrDefault(p => p.Str("controllerName") == GatewayApi.ContourController && ParentRef.From(p["parentRef"]!, route.Namespace) == v.Ref);
                var parentRef = new JsonObject { ["group"] = v.Ref.Group, ["kind"] = v.Ref.Kind, ["namespace"] = v.Ref.Namespace, ["name"] = v.Ref.Name };
                if (v.Ref.SectionName.Length > 0)
                {
                    parentRef["sectionName"] = v.Ref.SectionName;
                }

                parents.Add(new JsonObject
                {
                    ["parentRef"] = parentRef,
                    ["controllerName"] = GatewayApi.ContourController,
                    ["conditions"] = Conditions(previous, route.Generation,
                        ("Accepted", v.Accepted, v.AcceptedReason, v.AcceptedMessage),
                        ("ResolvedRefs", v.Resolved, v.ResolvedReason, v.ResolvedMessage)),
                });
            }

            return new JsonObject { ["parents"] = parents };
        });
    }

    private void WriteStatus(ResourceType type, string? ns, string name, Func<JsonNode, JsonObject> build)
    {
        var current = _store.Get(type, ns, name);
        if (current is null)
        {
            return;
        }

        var old = current["status"] ?? new JsonObject();
        var next = build(old);
        if (JsonNode.DeepEquals(old, next))
        {
            return;
        }

        _store.Update(type.ApiVersion, type.Kind, ns, name, o => o["status"] = next);
    }

    /// <summary>Conditions with observedGeneration, keeping lastTransitionTime when a condition's status did not change.</summary>
    private JsonArray Conditions(JsonNode? old, long generation, params (string Type, bool Status, string Reason, string Message)[] conditions)
    {
        var now = _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var array = new JsonArray();
        foreach (var (type, status, reason, message) in conditions)
        {
            var text = status ? "True" : "False";
            var before = old.Items("conditions").FirstOrDefault(c => c.Str("type") == type);
            array.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = text,
                ["reason"] = reason,
                ["message"] = message,
                ["observedGeneration"] = generation,
                ["lastTransitionTime"] = before?.Str("status") == text ? before.Str("lastTransitionTime") : now,
            });
        }

        return array;
    }

    public async ValueTask DisposeAsync()
    {
        _store.Changed -= OnChanged;
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
