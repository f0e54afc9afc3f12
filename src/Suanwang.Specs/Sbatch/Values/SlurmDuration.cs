using System.Globalization;

namespace Suanwang.Specs.Sbatch.Values;

/// <summary>Slurm's time-limit formats (<c>--time</c>).</summary>
internal static class SlurmDuration
{
    public const string Formats =
        "minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes, days-hours:minutes:seconds or UNLIMITED";

    /// <summary>
    /// Parses a time limit as Slurm enforces it: rounded up to a whole minute (<c>00:00:10</c> is one minute,
    /// <c>5:30</c> six, <c>2-12:30:15</c> is 2-12:31:00). <paramref name="limit"/> is null for no limit:
    /// <c>UNLIMITED</c>, <c>INFINITE</c> (any case) or zero, which Slurm also reads as "no limit".
    /// </summary>
    public static bool TryParse(string text, out TimeSpan? limit)
    {
        limit = null;
        if (text.Equals("UNLIMITED", StringComparison.OrdinalIgnoreCase) || text.Equals("INFINITE", StringComparison.OrdinalIgnoreCase))
            return true;

        long days = 0, hours = 0, minutes = 0, seconds = 0;
        int dash = text.IndexOf('-');
        if (dash >= 0)
        {
            string[] clock = text[(dash + 1)..].Split(':');
            if (!Number(text[..dash], out days) || clock.Length > 3) return false;
            // "1-" is a day: sbatch reads a missing hour as zero.
            if (!(clock.Length == 1 && clock[0].Length == 0) && !Number(clock[0], out hours)) return false;
            if (clock.Length > 1 && !Number(clock[1], out minutes)) return false;
            if (clock.Length > 2 && !Number(clock[2], out seconds)) return false;
        }
        else
        {
            string[] parts = text.Split(':');
            bool ok = parts.Length switch
            {
                1 => Number(parts[0], out minutes),
                2 => Number(parts[0], out minutes) & Number(parts[1], out seconds),
                3 => Number(parts[0], out hours) & Number(parts[1], out minutes) & Number(parts[2], out seconds),
                _ => false,
            };
            if (!ok) return false;
        }
        long total = days * 86_400 + hours * 3_600 + minutes * 60 + seconds;
        long wholeMinutes = (total + 59) / 60;
        limit = wholeMinutes == 0 ? null : TimeSpan.FromMinutes(wholeMinutes);
        return true;
    }

    // Digits only (no sign, no spaces), at most 9 so the sum above cannot overflow.
    private static bool Number(string text, out long value)
    {
        value = 0;
        return text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
