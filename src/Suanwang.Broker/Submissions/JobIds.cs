using System.Security.Cryptography;

namespace Suanwang.Broker.Submissions;

/// <summary>
/// Job ids made at the edge: <c>j-</c> + the acceptance time in milliseconds and 20 random bits, in
/// lower-case Crockford base32 (e.g. <c>j-01kc3w8n2q7x4f</c>). They sort by time, read aloud without
/// ambiguity (no i, l, o, u), and are unique within a process (same millisecond: the random part counts up).
/// </summary>
public sealed class JobIds(TimeProvider time)
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private readonly object _gate = new();
    private long _lastMs = -1;
    private int _lastRandom;

    /// <summary>A new id.</summary>
    public string Next()
    {
        long ms;
        int random;
        lock (_gate)
        {
            ms = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), _lastMs);
            if (ms == _lastMs && _lastRandom < (1 << 20) - 1) random = ++_lastRandom;
            else
            {
                if (ms == _lastMs) ms++;
                random = RandomNumberGenerator.GetInt32(1 << 19); // leave room to count up
            }
            _lastMs = ms;
            _lastRandom = random;
        }
        Span<char> text = stackalloc char[2 + 9 + 4];
        text[0] = 'j';
        text[1] = '-';
        for (int i = 8; i >= 0; i--) { text[2 + i] = Alphabet[(int)(ms & 31)]; ms >>= 5; }
        for (int i = 3; i >= 0; i--) { text[11 + i] = Alphabet[random & 31]; random >>= 5; }
        return new string(text);
    }
}
