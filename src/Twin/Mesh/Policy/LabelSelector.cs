using System.Net;
using System.Text.Json.Nodes;

namespace Deepthought.Twin.Mesh.Policy;

/// <summary>Kubernetes label selectors (matchLabels + matchExpressions) and CIDR lists, as policy objects use them.</summary>
public static class LabelSelector
{
    /// <summary>True when the selector matches; an empty selector matches everything, a missing one nothing.</summary>
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not JsonObject s)
        {
            return false;
        }

        if (s["matchLabels"] is JsonObject ml && ml.Any(kv => !labels.TryGetValue(kv.Key, out var v) || v != (string?)kv.Value))
        {
            return false;
        }

        if (s["matchExpressions"] is JsonArray exprs)
        {
            foreach (var e in exprs.OfType<JsonObject>())
            {
                var key = (string?)e["key"] ?? "";
                var values = (e["values"] as JsonArray)?.Select(v => (string?)v).ToHashSet(StringComparer.Ordinal) ?? [];
                var has = labels.TryGetValue(key, out var value);
                var ok = (string?)e["operator"] switch
                {
                    "In" => has && values.Contains(value),
                    "NotIn" => !has || !values.Contains(value),
                    "Exists" => has,
                    "DoesNotExist" => !has,
                    _ => false,
                };
                if (!ok)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>True when the address is in one of the networks (<c>[{cidr, except[]}]</c>) and not in its exceptions.</summary>
    public static bool InNetworks(JsonArray networks, string address)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        foreach (var n in networks.OfType<JsonObject>())
        {
            if (!Contains((string?)n["cidr"], ip))
            {
                continue;
            }

            var excepted = (n["except"] as JsonArray)?.Any(x => Contains((string?)x, ip)) ?? false;
            if (!excepted)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(string? cidr, IPAddress ip)
    {
        if (cidr is null)
        {
            return false;
        }

        if (!cidr.Contains('/', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(cidr, out var single) && single.Equals(ip);
        }

        return IPNetwork.TryParse(cidr, out var net) && net.BaseAddress.AddressFamily == ip.AddressFamily && net.Contains(ip);
    }
}
