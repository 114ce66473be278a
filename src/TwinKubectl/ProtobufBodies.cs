using System.Text;
using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes.Api;

namespace Deepthought.Twin.Kubectl;

/// <summary>
/// Reads the protobuf bodies kubectl's typed commands send (it has no JSON fallback for them): the access reviews of
/// <c>kubectl auth can-i</c> and the ConfigMap, Secret, Namespace and ServiceAccount of <c>kubectl create configmap|secret|namespace|serviceaccount</c>.
/// The envelope is "k8s\0" + runtime.Unknown; field numbers are those of the upstream generated.proto files.
/// </summary>
public static class ProtobufBodies
{
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>The body as JSON, or null when it is not an envelope of a kind read here.</summary>
    public static JsonObject? Decode(byte[] body)
    {
        if (!body.AsSpan().StartsWith(Magic))
        {
            return null;
        }

        // runtime.Unknown: typeMeta = 1 (apiVersion = 1, kind = 2), raw = 2.
        var unknown = Message.Parse(body[Magic.Length..]);
        var typeMeta = unknown.Sub(1);
        var (apiVersion, kind) = (typeMeta.Text(1), typeMeta.Text(2));
        var raw = unknown.Sub(2);
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        switch (apiVersion, kind)
        {
            case ("authorization.k8s.io/v1", "SelfSubjectAccessReview"):
                obj["spec"] = AccessReviewSpec(raw.Sub(2));
                break;
            case ("authorization.k8s.io/v1", "SelfSubjectRulesReview"):
                obj["spec"] = new JsonObject { ["namespace"] = raw.Sub(2).Text(1) };
                break;
            case ("v1", "ConfigMap"):
                obj["metadata"] = ObjectMeta(raw.Sub(1));
                obj["data"] = raw.Map(2, bytes: false);
                obj["binaryData"] = raw.Map(3, bytes: true);
                obj["immutable"] = raw.Has(4) ? raw.Varint(4) != 0 : null;
                break;
            case ("v1", "Secret"):
                obj["metadata"] = ObjectMeta(raw.Sub(1));
                obj["data"] = raw.Map(2, bytes: true);
                obj["type"] = raw.Has(3) ? raw.Text(3) : null;
                obj["stringData"] = raw.Map(4, bytes: false);
                obj["immutable"] = raw.Has(5) ? raw.Varint(5) != 0 : null;
                break;
            case ("v1", "Namespace" or "ServiceAccount"):
                obj["metadata"] = ObjectMeta(raw.Sub(1));
                break;
            default:
                return null;
        }

        foreach (var key in obj.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            obj.Remove(key);
        }

        return obj;
    }

    private static JsonObject AccessReviewSpec(Message spec)
    {
        if (spec.Has(1))
        {
            var r = spec.Sub(1);
            return new JsonObject
            {
                ["resourceAttributes"] = new JsonObject
                {
                    ["namespace"] = r.Text(1), ["verb"] = r.Text(2), ["group"] = r.Text(3), ["version"] = r.Text(4),
                    ["resource"] = r.Text(5), ["subresource"] = r.Text(6), ["name"] = r.Text(7),
                },
            };
        }

        var n = spec.Sub(2);
        return new JsonObject { ["nonResourceAttributes"] = new JsonObject { ["path"] = n.Text(1), ["verb"] = n.Text(2) } };
    }

    // ObjectMeta: name = 1, generateName = 2, namespace = 3, labels = 11, annotations = 12 (what a create carries).
    private static JsonObject ObjectMeta(Message m)
    {
        var meta = new JsonObject();
        foreach (var (field, key) in new[] { (1, "name"), (2, "generateName"), (3, "namespace") })
        {
            if (m.Text(field) is { Length: > 0 } value)
            {
                meta[key] = value;
            }
        }

        meta["labels"] = m.Map(11, bytes: false);
        meta["annotations"] = m.Map(12, bytes: false);
        return meta;
    }

    /// <summary>A parsed protobuf message: its fields by number (length-delimited as bytes, varints as numbers).</summary>
    private sealed class Message
    {
        private readonly List<(int Field, ulong Varint, byte[] Bytes)> _fields = [];

        public static Message Parse(byte[] data)
        {
            var m = new Message();
            var i = 0;
            while (i < data.Length)
            {
                var key = ReadVarint(data, ref i);
                var field = (int)(key >> 3);
                switch (key & 7)
                {
                    case 0:
                        m._fields.Add((field, ReadVarint(data, ref i), []));
                        break;
                    case 1:
                        i += 8;
                        break;
                    case 2:
                        var length = (int)ReadVarint(data, ref i);
                        if (length < 0 || i + length > data.Length)
                        {
                            throw KubeApiException.BadRequest("the protobuf body is truncated");
                        }

                        m._fields.Add((field, 0, data[i..(i + length)]));
                        i += length;
                        break;
                    case 5:
                        i += 4;
                        break;
                    default:
                        throw KubeApiException.BadRequest("the protobuf body uses an unsupported wire type");
                }
            }

            return m;
        }

        public bool Has(int field) => _fields.Any(f => f.Field == field);

        public Message Sub(int field) => Parse(_fields.LastOrDefault(f => f.Field == field).Bytes ?? []);

        public string Text(int field) => Encoding.UTF8.GetString(_fields.LastOrDefault(f => f.Field == field).Bytes ?? []);

        public ulong Varint(int field) => _fields.LastOrDefault(f => f.Field == field).Varint;

        /// <summary>A map field (repeated entries with key = 1, value = 2); bytes values become base64 as in JSON.</summary>
        public JsonObject? Map(int field, bool bytes)
        {
            var entries = _fields.Where(f => f.Field == field).Select(f => Parse(f.Bytes)).ToList();
            if (entries.Count == 0)
            {
                return null;
            }

            var map = new JsonObject();
            foreach (var e in entries)
            {
                map[e.Text(1)] = bytes ? Convert.ToBase64String(e._fields.LastOrDefault(f => f.Field == 2).Bytes ?? []) : e.Text(2);
            }

            return map;
        }

        private static ulong ReadVarint(byte[] data, ref int i)
        {
            ulong value = 0;
            for (var shift = 0; shift < 64 && i < data.Length; shift += 7)
            {
                var b = data[i++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw KubeApiException.BadRequest("the protobuf body has a malformed varint");
        }
    }
}
