using System.Globalization;

namespace Suanwang.Specs.Sbatch.Values;

/// <summary>
/// Slurm's <c>--array</c>: comma-separated indices and ranges with an optional step
/// (<c>0-15</c>, <c>1,3,5</c>, <c>0-15:4</c>), and an optional <c>%N</c> throttle, which is accepted and
/// ignored: Suanwang places each element on its own and has no per-array limit.
/// </summary>
internal static class ArraySpec
{
    public const string Formats = "indices and ranges like 0-15, 1,3,5 or 0-15:4, optionally followed by %N";

    public static bool TryParse(string text, out IReadOnlyList<int> indices, out string error)
    {
        indices = [];
        error = "";
        string list = text;
        int percent = text.IndexOf('%');
        if (percent >= 0)
        {
            list = text[..percent];
            // %0 is accepted by sbatch too (no limit).
            if (!TryIndex(text[(percent + 1)..], out _))
            {
                error = "the %N throttle must be a whole number";
                return false;
            }
        }

        // Count first, expand after: "0-1000000000" must not allocate before it is refused.
        var ranges = new List<(int First, int Last, int Step)>();
        long total = 0;
        foreach (string item in list.Split(','))
        {
            if (!TryRange(item, out var range))
            {
                error = $"'{Common.TextRules.Shorten(item, 30)}' is not an index or range; use {Formats}";
                return false;
            }
            ranges.Add(range);
            total += (range.Last - range.First) / range.Step + 1;
        }
        if (total > SpecLimits.MaxArrayTasks)
        {
            error = $"expands to {total} jobs; at most {SpecLimits.MaxArrayTasks} are allowed";
            return false;
        }
        var set = new SortedSet<int>();
        foreach (var (first, last, step) in ranges)
            for (int i = first; i <= last; i += step) set.Add(i);
        indices = set.ToArray();
        return true;
    }

    private static bool TryRange(string item, out (int First, int Last, int Step) range)
    {
        range = default;
        int step = 1;
        int colon = item.IndexOf(':');
        if (colon >= 0)
        {
            if (!TryIndex(item[(colon + 1)..], out step) || step < 1) return false;
            item = item[..colon];
        }
        int dash = item.IndexOf('-');
        if (dash < 0)
        {
            if (colon >= 0 || !TryIndex(item, out int only)) return false;
            range = (only, only, 1);
            return true;
        }
        if (!TryIndex(item[..dash], out int first) || !TryIndex(item[(dash + 1)..], out int last) || last < first) return false;
        range = (first, last, step);
        return true;
    }

    private static bool TryIndex(string text, out int value)
    {
        value = 0;
        return text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value <= SpecLimits.MaxArrayIndex;
    }
}
