using System.Text;
using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// Reads the two protobuf bodies kubectl sends with no JSON fallback — SelfSubjectAccessReview and
/// SelfSubjectRulesReview (<c>kubectl auth can-i</c>) — from the Kubernetes envelope ("k8s\0" + runtime.Unknown)
/// into their JSON form. Field numbers are those of k8s.io/api/authorization/v1/generated.proto.
/// </summary>
public static class ProtobufReviews
{
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static bool IsEnvelope(ReadOnlySpan<byte> body) => body.StartsWith(Magic);

    /// <summary>The review as JSON (apiVersion, kind, spec), or null when the body is not one of the two reviews.</summary>
    public static JsonObject? Decode(byte[] body)
    {
        if (!IsEnvelope(body))
        {
            return null;
        }

        // runtime.Unknown: typeMeta = 1 (apiVersion = 1, kind = 2), raw = 2.
        var unknown = Fields(body.AsSpan(Magic.Length).ToArray());
        var typeMeta = Fields(Bytes(unknown, 1));
        var kind = Text(typeMeta, 2);
        var review = Fields(Bytes(unknown, 2));
        var spec = Fields(Bytes(review, 2));
        var specJson = new JsonObject();
        switch (kind)
        {
            case "SelfSubjectAccessReview":
                if (Has(spec, 1))
                {
                    var r = Fields(Bytes(spec, 1));
                    specJson["resourceAttributes"] = new JsonObject
                    {
                        ["namespace"] = Text(r, 1), ["verb"] = Text(r, 2), ["group"] = Text(r, 3), ["version"] = Text(r, 4),
                        ["resource"] = Text(r, 5), ["subresource"] = Text(r, 6), ["name"] = Text(r, 7),
                    };
                }
                else if (Has(spec, 2))
                {
                    var n = Fields(Bytes(spec, 2));
                    specJson["nonResourceAttributes"] = new JsonObject { ["path"] = Text(n, 1), ["verb"] = Text(n, 2) };
                }

                break;
            case "SelfSubjectRulesReview":
                specJson["namespace"] = Text(spec, 1);
                break;
            default:
                return null;
        }

        return new JsonObject { ["apiVersion"] = "authorization.k8s.io/v1", ["kind"] = kind, ["spec"] = specJson };
    }

    private static bool Has(List<(int Field, byte[] Bytes)> fields, int field) => fields.Any(f => f.Field == field);

    private static byte[] Bytes(List<(int Field, byte[] Bytes)> fields, int field) => fields.LastOrDefault(f => f.Field == field).Bytes ?? [];

    private static string Text(List<(int Field, byte[] Bytes)> fields, int field) => Encoding.UTF8.GetString(Bytes(fields, field));

    // The length-delimited fields of a message (varints and fixed-width fields are skipped: the reviews need none).
    private static List<(int Field, byte[] Bytes)> Fields(byte[] data)
    {
        var result = new List<(int, byte[])>();
        var i = 0;
        while (i < data.Length)
        {
            var key = Varint(data, ref i);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    Varint(data, ref i);
                    break;
                case 1:
                    i += 8;
                    break;
                case 2:
                    var length = (int)Varint(data, ref i);
                    if (length < 0 || i + length > data.Length)
                    {
                        throw KubeApiException.BadRequest("the protobuf body is truncated");
                    }

                    result.Add((field, data[i..(i + length)]));
                    i += length;
                    break;
                case 5:
                    i += 4;
                    break;
                default:
                    throw KubeApiException.BadRequest("the protobuf body uses an unsupported wire type");
            }
        }

        return result;
    }

    private static ulong Varint(byte[] data, ref int i)
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
