using System.Globalization;

namespace Suanwang.Specs.Sbatch.Values;

/// <summary>
/// Slurm's points in time (<c>--begin</c>, <c>--deadline</c>), the documented subset. Wall-clock forms
/// are read in the context's time zone; a clock time or named hour already past today means tomorrow's,
/// as in Slurm.
/// </summary>
internal static class SlurmTimeSpec
{
    public const string Formats =
        "now[+count[seconds|minutes|hours|days|weeks]], HH:MM[:SS], YYYY-MM-DD[THH:MM[:SS]], today, tomorrow, midnight, noon, elevenses, fika or teatime";

    private static readonly (string Name, int Hour)[] NamedHours = [("midnight", 0), ("elevenses", 11), ("noon", 12), ("fika", 15), ("teatime", 16)];

    private static readonly (string[] Names, long Seconds)[] Units =
    [
        (["s", "sec", "secs", "second", "seconds"], 1),
        (["m", "min", "mins", "minute", "minutes"], 60),
        (["h", "hour", "hours"], 3_600),
        (["d", "day", "days"], 86_400),
        (["w", "week", "weeks"], 604_800),
    ];

    private static readonly string[] DateFormats =
    [
        "yyyy'-'MM'-'dd",
        "yyyy'-'MM'-'dd'T'HH':'mm",
        "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
    ];

    public static bool TryParse(string text, DateTimeOffset now, TimeSpan zone, out DateTimeOffset time)
    {
        time = default;
        string lower = text.Trim().ToLowerInvariant();
        DateTimeOffset local = now.ToOffset(zone);
        DateTimeOffset midnight = new(local.Date, zone);

        if (lower.StartsWith("now", StringComparison.Ordinal))
            return TryRelative(lower[3..], local, out time);
        if (lower == "today")
        {
            time = midnight;
            return true;
        }
        if (lower == "tomorrow")
        {
            time = midnight.AddDays(1);
            return true;
        }
        foreach (var (name, hour) in NamedHours)
        {
            if (lower != name) continue;
            time = Next(midnight.AddHours(hour), local);
            return true;
        }
        if (TimeSpan.TryParseExact(lower, ["h\\:mm", "h\\:mm\\:ss"], CultureInfo.InvariantCulture, out TimeSpan clock) && clock < TimeSpan.FromDays(1))
        {
            time = Next(midnight + clock, local);
            return true;
        }
        if (DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime date))
        {
            try
            {
                time = new DateTimeOffset(date, zone);
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }
        return false;
    }

    // A clock time already past today means the same time tomorrow.
    private static DateTimeOffset Next(DateTimeOffset candidate, DateTimeOffset now) => candidate <= now ? candidate.AddDays(1) : candidate;

    private static bool TryRelative(string rest, DateTimeOffset now, out DateTimeOffset time)
    {
        time = now;
        if (rest.Length == 0) return true;
        if (rest[0] != '+') return false;
        int digits = 1;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
        if (digits == 1 || digits > 10) return false;
        long count = long.Parse(rest.AsSpan(1, digits - 1), NumberStyles.None, CultureInfo.InvariantCulture);
        string unit = rest[digits..];
        long scale = unit.Length == 0 ? 1 : Units.FirstOrDefault(u => u.Names.Contains(unit)).Seconds;
        if (scale == 0) return false;
        double seconds = (double)count * scale;
        // Ten years ahead is already far past any real start; beyond it DateTimeOffset could overflow.
        if (seconds > SpecLimits.MaxHours * 3600) return false;
        time = now.AddSeconds(seconds);
        return true;
    }
}
