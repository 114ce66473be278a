using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Deepthought.Twin.Ceph;

/// <summary>
/// Cephx secrets made here instead of by <c>ceph-authtool</c> (saves a process per key): Ceph's CryptoKey encoding is
/// type (u16, 1 = AES), creation time (u32 seconds, u32 nanoseconds), length (u16) and 16 random bytes, base64.
/// The keys live only in the cluster's scratch folder and are never printed.
/// </summary>
public static class CephKeys
{
    public static string NewSecret(TimeProvider time)
    {
        var buffer = new byte[2 + 4 + 4 + 2 + 16];
        var now = time.GetUtcNow();
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(0), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(2), (uint)now.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(6), (uint)(now.Ticks % TimeSpan.TicksPerSecond * 100));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(10), 16);
        RandomNumberGenerator.Fill(buffer.AsSpan(12));
        return Convert.ToBase64String(buffer);
    }

    /// <summary>One keyring section: <c>[entity]</c>, its key and its capabilities.</summary>
    public static string Section(string entity, string secret, params (string Service, string Cap)[] caps)
    {
        var sb = new StringBuilder();
        sb.Append('[').Append(entity).Append("]\n\tkey = ").Append(secret).Append('\n');
        foreach (var (service, cap) in caps)
        {
            sb.Append("\tcaps ").Append(service).Append(" = \"").Append(cap).Append("\"\n");
        }

        return sb.ToString();
    }
}
