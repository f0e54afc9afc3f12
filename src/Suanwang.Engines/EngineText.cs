using System.Globalization;
using System.Text;

namespace Suanwang.Engines;

/// <summary>
/// Text from outside the broker (what a center's service said) made fit to show: control characters and
/// bidirectional overrides written as visible escapes (<c>\x1b</c>, <c>\u202e</c>), one line, bounded in length.
/// Error texts pass through it before they reach health views, job reasons and logs.
/// </summary>
public static class EngineText
{
    /// <summary>Longest error text kept (characters), enough for any message slurmrestd writes.</summary>
    public const int MaxLength = 300;

    /// <summary><paramref name="text"/> with unprintable characters escaped and cut to <paramref name="maxLength"/> characters (then ending in "…").</summary>
    public static string Bounded(string? text, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(Math.Min(text.Length, maxLength + 8));
        foreach (char c in text)
        {
            if (sb.Length >= maxLength)
            {
                if (char.IsHighSurrogate(sb[^1])) sb.Length--; // never half a character
                sb.Append('…');
                break;
            }
            if (c < 0x20 || c is >= '\u007f' and <= '\u009f') sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else if (c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
