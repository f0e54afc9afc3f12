using System.Globalization;

namespace Suanwang.Traces.Reading;

/// <summary>Invariant-culture number parsing for trace fields; a failure names the field and the text.</summary>
internal static class Fields
{
    public static bool TryDouble(string text, string name, out double value, out string? error)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            error = null;
            return true;
        }
        error = $"{name} '{Shorten(text)}' is not a number";
        return false;
    }

    public static bool TryLong(string text, string name, out long value, out string? error)
    {
        // Some exports write integers as "8.0"; accept them when integral.
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            error = null;
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            value = (long)d;
            error = null;
            return true;
        }
        error = $"{name} '{Shorten(text)}' is not an integer";
        return false;
    }

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
