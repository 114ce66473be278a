using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes;

/// <summary>
/// The twin's object storage: every object as JSON, keyed by group/resource, namespace and name, with Kubernetes
/// bookkeeping (uid, resourceVersion, generation, creationTimestamp). Seeding code and the REST server both use it;
/// a CustomResourceDefinition put here registers its kinds. Thread-safe; changes are published in order.
/// </summary>
public sealed class KubeStore
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, ResourceType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly List<Func<ChangeType, ResourceType, JsonObject, string?>> _admission = [];
    private readonly List<Action<ResourceType, JsonObject>> _mutations = [];
    private long _resourceVersion = 1000;

    public KubeStore(TimeProvider time)
    {
        _time = time;
        foreach (var t in ResourceType.BuiltIn)
        {
            Register(t);
        }
    }

    /// <summary>Raised after each change, inside the store's order (handlers must be quick and must not write back synchronously).</summary>
    public event Action<StoreChange>? Changed;

    public long CurrentResourceVersion => Interlocked.Read(ref _resourceVersion);

    public IEnumerable<ResourceType> Types => _types.Values;

    public void Register(ResourceType type) => _types[$"{type.Group}/{type.Version}/{type.Plural}"] = type;

    public ResourceType? FindByPlural(string group, string version, string plural) =>
        _types.TryGetValue($"{group}/{version}/{plural}", out var t) ? t : null;

    public ResourceType? FindByKind(string apiVersion, string kind)
    {
        var (group, version) = SplitApiVersion(apiVersion);
        return _types.Values.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind);
    }

    public ResourceType RequireKind(string apiVersion, string kind) =>
        FindByKind(apiVersion, kind) ?? throw new InvalidOperationException($"the twin serves no kind {kind} in {apiVersion}");

    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    /// <summary>Creates or replaces an object (seeding, and the REST server after its own checks). Returns the stored copy.</summary>
    public JsonObject Put(JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? throw new ArgumentException("object without apiVersion");
        var kind = (string?)obj["kind"] ?? throw new ArgumentException("object without kind");
        var type = RequireKind(apiVersion, kind);
        var meta = obj["metadata"] as JsonObject ?? throw new ArgumentException("object without metadata");
        var name = (string?)meta["name"] ?? throw new ArgumentException("object without metadata.name");
        var ns = type.Namespaced ? (string?)meta["namespace"] ?? "default" : null;
        if (type.Namespaced)
        {
            meta["namespace"] = ns;
        }

        StoreChange change;
        lock (_gate)
        {
            var bucket = Bucket(type);
            var key = Key(ns, name);
            var existed = bucket.TryGetValue(key, out var previous);
            if (!existed && _mutations.Count > 0)
            {
                obj = (JsonObject)obj.DeepClone();
                foreach (var mutate in _mutations)
                {
                    mutate(type, obj);
                }
            }

            Admit(existed ? ChangeType.Modified : ChangeType.Added, type, obj);
            var copy = (JsonObject)obj.DeepClone();
            var m = (JsonObject)copy["metadata"]!;
            var rv = Interlocked.Increment(ref _resourceVersion);
            m["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            if (existed)
            {
                var pm = (JsonObject)previous!["metadata"]!;
                m["uid"] = pm["uid"]?.DeepClone();
                m["creationTimestamp"] = pm["creationTimestamp"]?.DeepClone();
                // Seeders and JSON bodies may hold generation as int or long: read it as text.
                var generation = long.TryParse(pm["generation"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : 1;
                var specChanged = !JsonNode.DeepEquals(previous["spec"], copy["spec"]);
                m["generation"] = specChanged ? generation + 1 : generation;
            }
            else
            {
                m["uid"] ??= Guid.NewGuid().ToString();
                m["creationTimestamp"] ??= _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                m["generation"] ??= 1L;
            }

            bucket[key] = copy;
            if (type.Kind == "CustomResourceDefinition" && type.Group == "apiextensions.k8s.io")
            {
                RegisterCrd(copy);
            }

            change = new StoreChange(existed ? ChangeType.Modified : ChangeType.Added, type, (JsonObject)copy.DeepClone(), rv);
            Changed?.Invoke(change);
        }

        return (JsonObject)change.Object.DeepClone();
    }

    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return Bucket(type).TryGetValue(Key(type.Namespaced ? ns : null, name), out var o) ? WithApiVersion(o, type) : null;
        }
    }

    public JsonObject? Get(string apiVersion, string kind, string? ns, string name) => Get(RequireKind(apiVersion, kind), ns, name);

    /// <summary>Lists objects of a type, in one namespace or all (ns null), ordered by namespace and name.</summary>
    public IReadOnlyList<JsonObject> List(ResourceType type, string? ns = null)
    {
        lock (_gate)
        {
            return Bucket(type).Values
                .Where(o => ns is null || (string?)o["metadata"]?["namespace"] == ns)
                .Select(o => WithApiVersion(o, type))
                .ToList();
        }
    }

    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null) => List(RequireKind(apiVersion, kind), ns);

    /// <summary>Lists like <see cref="List(ResourceType, string?)"/> together with the resourceVersion the list is consistent with (list-then-watch).</summary>
    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) ListWithVersion(ResourceType type, string? ns = null)
    {
        lock (_gate)
        {
            return (List(type, ns), CurrentResourceVersion);
        }
    }

    /// <summary>
    /// Runs a read-modify-write as one step: no other writer interleaves, so the REST server can check a
    /// resourceVersion or existence and then write. The store's own methods may be called inside.
    /// </summary>
    public T Atomically<T>(Func<T> body)
    {
        lock (_gate)
        {
            return body();
        }
    }

    public JsonObject? Delete(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            var bucket = Bucket(type);
            var key = Key(type.Namespaced ? ns : null, name);
            if (bucket.TryGetValue(key, out var existing))
            {
                Admit(ChangeType.Deleted, type, WithApiVersion(existing, type));
            }

            if (!bucket.Remove(key, out var removed))
            {
                return null;
            }

            var rv = Interlocked.Increment(ref _resourceVersion);
            removed["metadata"]!["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            removed = WithApiVersion(removed, type);
            if (type.Kind == "CustomResourceDefinition" && type.Group == "apiextensions.k8s.io")
            {
                UnregisterCrd(removed);
            }

            Changed?.Invoke(new StoreChange(ChangeType.Deleted, type, (JsonObject)removed.DeepClone(), rv));
            return removed;
        }
    }

    public JsonObject? Delete(string apiVersion, string kind, string? ns, string name) => Delete(RequireKind(apiVersion, kind), ns, name);

    /// <summary>
    /// Adds an admission check — a twin fault standing in for a validating webhook: given the change about to happen
    /// (Added, Modified or Deleted) it returns the refusal message, or null to admit. A refused write throws
    /// <see cref="AdmissionDeniedException"/> and changes nothing.
    /// </summary>
    public void AddAdmission(Func<ChangeType, ResourceType, JsonObject, string?> admit)
    {
        lock (_gate)
        {
            _admission.Add(admit);
        }
    }

    /// <summary>
    /// Adds a mutating admission step — a twin stand-in for a mutating webhook (Linkerd's proxy injector): it may change
    /// an object about to be created, before validation and storage.
    /// </summary>
    public void AddMutation(Action<ResourceType, JsonObject> mutate)
    {
        lock (_gate)
        {
            _mutations.Add(mutate);
        }
    }

    private void Admit(ChangeType change, ResourceType type, JsonObject obj)
    {
        foreach (var admit in _admission)
        {
            if (admit(change, type, obj) is { } refusal)
            {
                throw new AdmissionDeniedException(refusal);
            }
        }
    }

    /// <summary>Applies a mutation to a stored object and stores the result (seeding faults, controllers writing status).</summary>
    public JsonObject? Update(string apiVersion, string kind, string? ns, string name, Action<JsonObject> mutate)
    {
        lock (_gate)
        {
            var current = Get(apiVersion, kind, ns, name);
            if (current is null)
            {
                return null;
            }

            mutate(current);
            return Put(current);
        }
    }

    private SortedDictionary<string, JsonObject> Bucket(ResourceType type)
    {
        var key = $"{type.Group}/{type.Plural}";
        if (!_objects.TryGetValue(key, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[key] = bucket;
        }

        return bucket;
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    private static JsonObject WithApiVersion(JsonObject stored, ResourceType type)
    {
        var copy = (JsonObject)stored.DeepClone();
        copy["apiVersion"] = type.ApiVersion;
        copy["kind"] = type.Kind;
        return copy;
    }

    // Like the real server: the CRD's kinds stop being served and its objects go with it.
    private void UnregisterCrd(JsonObject crd)
    {
        var group = (string?)crd["spec"]?["group"];
        var plural = (string?)crd["spec"]?["names"]?["plural"];
        if (group is null || plural is null)
        {
            return;
        }

        foreach (var key in _types.Where(t => t.Value.Group == group && t.Value.Plural == plural).Select(t => t.Key).ToList())
        {
            _types.TryRemove(key, out _);
        }

        _objects.Remove($"{group}/{plural}");
    }

    private void RegisterCrd(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var group = (string?)spec?["group"];
        var names = spec?["names"] as JsonObject;
        if (group is null || names is null || spec?["versions"] is not JsonArray versions)
        {
            return;
        }

        var shortNames = (names["shortNames"] as JsonArray)?.Select(n => (string)n!).ToArray();
        foreach (var v in versions.OfType<JsonObject>())
        {
            if ((bool?)v["served"] == false)
            {
                continue;
            }

            var sub = new List<string>();
            if (v["subresources"]?["status"] is not null)
            {
                sub.Add("status");
            }

            if (v["subresources"]?["scale"] is not null)
            {
                sub.Add("scale");
            }

            Register(new ResourceType(
                group,
                (string)v["name"]!,
                (string)names["kind"]!,
                (string)names["plural"]!,
                (string?)spec!["scope"] != "Cluster",
                (string?)names["singular"] ?? "",
                shortNames,
                sub));
        }
    }
}

/// <summary>A write refused by admission; the twin API server answers it as an error Status carrying the message.</summary>
public sealed class AdmissionDeniedException(string message) : Exception(message);
