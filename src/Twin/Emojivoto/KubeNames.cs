using System.Security.Cryptography;
using System.Text;

namespace Deepthought.Twin.Emojivoto;

/// <summary>Generated-name suffixes in Kubernetes' alphabet (no vowels), derived from a seed so twin runs are stable.</summary>
public static class KubeNames
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Suffix(string seed, int length)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[hash[i] % Alphabet.Length];
        }

        return new string(chars);
    }

    /// <summary>A stable hex digest (image ids, container ids).</summary>
    public static string Hex(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));
}
