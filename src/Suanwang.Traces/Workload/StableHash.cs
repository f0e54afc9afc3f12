using System.Text;

namespace Suanwang.Traces.Workload;

/// <summary>
/// Hashes that are the same in every process and on every run (unlike <see cref="string.GetHashCode()"/>,
/// which .NET randomises per process), so seeded draws can be reproduced and re-implemented elsewhere.
/// </summary>
internal static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>FNV-1a, 64-bit, over the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong Fnv1a64(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = max <= 512 ? stackalloc byte[max] : new byte[max];
        int n = Encoding.UTF8.GetBytes(text, bytes);
        ulong hash = FnvOffset;
        foreach (byte b in bytes[..n])
        {
            hash ^= b;
            hash *= FnvPrime;
        }
        return hash;
    }

    /// <summary>The SplitMix64 finaliser: spreads every input bit over the output.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The seed of one rule's draws for one key: mix(mix(seed) xor fnv1a64(rule + US + key)).</summary>
    public static ulong Seed(long seed, string rule, string key) =>
        Mix(Mix(unchecked((ulong)seed)) ^ Fnv1a64(rule + "\u001f" + key));
}
