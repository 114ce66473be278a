namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// What a request asks for, parsed the way the real API server's RequestInfo does: the verb (get, list, watch,
/// create, update, patch, delete, deletecollection), group, version, resource, subresource, namespace and name.
/// Requests outside /api and /apis are non-resource requests (discovery roots, health, openapi).
/// </summary>
public sealed record ApiRequest
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public bool IsResource { get; init; }

    /// <summary>The authorization verb ("get" for a proxied GET; lowercase method for non-resource requests).</summary>
    public string Verb { get; init; } = "";

    public string Group { get; init; } = "";

    public string Version { get; init; } = "";

    public string Resource { get; init; } = "";

    public string Subresource { get; init; } = "";

    public string Namespace { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>What follows the subresource, e.g. the proxied path "metrics" of pods/x/proxy/metrics.</summary>
    public string Remainder { get; init; } = "";

    /// <summary>The verb the request log records: the authorization verb, or "proxy" for the proxy subresource.</summary>
    public string LogVerb => IsResource && Subresource == "proxy" ? "proxy" : Verb;

    public static ApiRequest Parse(string method, string path, bool watch)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new ApiRequest { Method = method, Path = path, Verb = method.ToLowerInvariant() };
        int at;
        string group, version;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, at) = ("", parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, at) = (parts[1], parts[2], 3);
        }
        else
        {
            return nonResource;
        }

        var rest = parts[at..];
        var ns = "";
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            // /namespaces/{name}/status and /finalize are subresources of the namespace itself.
            if (rest.Length > 2 && rest[2] is not ("status" or "finalize"))
            {
                rest = rest[2..];
            }
        }

        var resource = rest[0];
        var name = rest.Length >= 2 ? rest[1] : "";
        var sub = rest.Length >= 3 ? rest[2] : "";
        var remainder = rest.Length > 3 ? string.Join('/', rest[3..]) + (path.EndsWith('/') ? "/" : "") : "";
        var verb = method switch
        {
            "GET" or "HEAD" when watch => "watch",
            "GET" or "HEAD" => name.Length == 0 ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length == 0 ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        if (sub == "proxy")
        {
            // A proxied call is authorized as the HTTP verb on pods/proxy, never as list or watch.
            verb = method switch { "GET" or "HEAD" => "get", "POST" => "create", "PUT" => "update", "PATCH" => "patch", "DELETE" => "delete", _ => method.ToLowerInvariant() };
        }

        return new ApiRequest
        {
            Method = method,
            Path = path,
            IsResource = true,
            Verb = verb,
            Group = group,
            Version = version,
            Resource = resource,
            Subresource = sub,
            Namespace = ns,
            Name = name,
            Remainder = remainder,
        };
    }
}
