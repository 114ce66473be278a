using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// A request the twin API refuses, carried to the response as a Kubernetes <c>Status</c> (same code, reason and
/// message shapes as the real API server, so kubectl and KubernetesClient print what users know).
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    /// <summary>The Status body the API answers with.</summary>
    public JsonObject ToStatus() => Status(Code, Reason, Message, Details);

    public static JsonObject Status(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    /// <summary>"pods" or "gatewayclasses.gateway.networking.k8s.io", as the API server names a group-resource.</summary>
    public static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    private static JsonObject Detail(string group, string resource, string? name)
    {
        var d = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            d["name"] = name;
        }

        if (group.Length > 0)
        {
            d["group"] = group;
        }

        d["kind"] = resource;
        return d;
    }

    public static KubeApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", Detail(group, resource, name));

    /// <summary>An unknown path or resource type.</summary>
    public static KubeApiException NoSuchResource() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static KubeApiException AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists", Detail(group, resource, name));

    public static KubeApiException Conflict(string group, string resource, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Detail(group, resource, name));

    public static KubeApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    /// <summary>405 for a verb a resource's storage does not implement (the apiserver's NewMethodNotSupported).</summary>
    public static KubeApiException MethodNotSupported(string group, string resource, string action, string why) =>
        new(405, "MethodNotAllowed", $"{action} is not supported on resources of kind \"{Qualified(group, resource)}\": {why}", Detail(group, resource, null));

    /// <summary>422: <paramref name="kind"/> is the qualified kind ("ConfigMap", "GatewayClass.gateway.networking.k8s.io").</summary>
    public static KubeApiException Invalid(string group, string kind, string name, string field, string problem)
    {
        var qualified = group.Length == 0 ? kind : $"{kind}.{group}";
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = group,
            ["kind"] = kind,
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = problem, ["field"] = field }),
        };
        return new(422, "Invalid", $"{qualified} \"{name}\" is invalid: {field}: {problem}", details);
    }

    public static KubeApiException Forbidden(string group, string resource, string name, string why) =>
        new(403, "Forbidden",
            resource.Length == 0 ? $"forbidden: {why}" : name.Length == 0 ? $"{Qualified(group, resource)} is forbidden: {why}" : $"{Qualified(group, resource)} \"{name}\" is forbidden: {why}",
            resource.Length == 0 ? new JsonObject() : Detail(group, resource, name));

    public static KubeApiException Unavailable(string message) => new(503, "ServiceUnavailable", message);
}
