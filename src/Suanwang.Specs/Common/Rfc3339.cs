using System.Globalization;

namespace Suanwang.Specs.Common;

/// <summary>
/// Reads RFC 3339 timestamps (<c>2026-12-01T00:00:00+08:00</c>, <c>2026-12-01T00:00:00Z</c>). The offset is
/// required: a time without one means different instants to the user and to a center in another zone.
/// Seconds are required too, as in JSON Schema's <c>date-time</c>, so the schema and the reader agree.
/// </summary>
internal static class Rfc3339
{
    private static readonly string[] LocalFormats =
    [
        "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
        "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'FFFFFFF",
    ];

    public const string Rule = "must be a date-time with seconds and an offset, e.g. 2026-12-01T00:00:00+08:00 or 2026-12-01T00:00:00Z";

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text.Length > 40) return false;
        TimeSpan offset;
        string local;
        if (text[^1] is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
            local = text[..^1];
        }
        else
        {
            // ±HH:MM at the end.
            string tail = text[^6..];
            if (tail[0] is not ('+' or '-') || tail[3] != ':'
                || !int.TryParse(tail.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hours)
                || !int.TryParse(tail.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int minutes)
                || hours > 14 || minutes > 59)
                return false;
            offset = new TimeSpan(hours, minutes, 0);
            if (tail[0] == '-') offset = -offset;
            if (offset.Duration() > TimeSpan.FromHours(14)) return false;
            local = text[..^6];
        }
        if (!DateTime.TryParseExact(local, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime dateTime))
            return false;
        try
        {
            value = new DateTimeOffset(dateTime, offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // 0001-01-01T00:00:00+08:00 falls before DateTimeOffset.MinValue in UTC.
            return false;
        }
    }
}
