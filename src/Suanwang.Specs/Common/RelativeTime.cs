using System.Globalization;

namespace Suanwang.Specs.Common;

/// <summary>
/// Times counted from submission in native specs: <c>+36h</c>, <c>+2h</c>, <c>+90m</c>, <c>+1d12h</c>. A
/// <c>+</c>, then whole amounts with the units <c>d</c>, <c>h</c>, <c>m</c>, <c>s</c>, largest first and each
/// at most once. Resolved against the context's now (the submission time), so the job carries an absolute
/// time, and a spec that says "within 36 hours" stays valid however long it sits in a folder.
/// </summary>
/// <remarks>
/// Stricter than it need be on purpose: no decimals (<c>+1h30m</c>, not <c>+1.5h</c>), no spaces, no
/// upper-case units (<c>M</c> reads as months to some), no repeated or reordered units, no zero — each of
/// those is more often a typo than an intent, and the error says what to write instead.
/// </remarks>
internal static class RelativeTime
{
    /// <summary>The form, for messages.</summary>
    public const string Rule = "a time after submission is '+' and whole amounts with the units d, h, m or s, largest first, e.g. +36h, +90m or +1d12h";

    private const string Units = "dhms";
    private static readonly long[] UnitSeconds = [86_400, 3_600, 60, 1];

    /// <summary>Seconds ahead at most: as far as any other time in a spec (<see cref="SpecLimits.MaxHours"/>).</summary>
    private static readonly long MaxSeconds = (long)SpecLimits.MaxHours * 3_600;

    /// <summary>
    /// True when <paramref name="text"/> is meant as a relative time, right or wrong (<c>+3x</c>, <c>-3h</c>,
    /// <c>36h</c>), so its error can be about this form rather than about RFC 3339.
    /// </summary>
    public static bool LooksRelative(string text) =>
        text.StartsWith('+') || text.StartsWith('-')
        || (text.Length > 1 && char.IsAsciiDigit(text[0]) && Units.Contains(text[^1]) && text.All(c => char.IsAsciiDigit(c) || Units.Contains(c)));

    /// <summary>Reads a relative time; on failure <paramref name="error"/> says what is wrong and what to write.</summary>
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset time, out string error)
    {
        time = default;
        error = "";
        string shown = TextRules.Shorten(text, 30);
        if (text.StartsWith('-') || text.StartsWith("+-", StringComparison.Ordinal))
        {
            error = $"'{shown}' counts back from submission; {Rule}";
            return false;
        }
        if (!text.StartsWith('+'))
        {
            error = $"'{shown}' needs a '+' in front to count from submission (+{shown}); {Rule}";
            return false;
        }
        if (text.Length == 1)
        {
            error = $"'+' gives no amount; {Rule}";
            return false;
        }

        long seconds = 0;
        int lastUnit = -1;
        int at = 1;
        while (at < text.Length)
        {
            int digits = at;
            while (digits < text.Length && char.IsAsciiDigit(text[digits])) digits++;
            if (digits == at)
            {
                error = $"'{shown}': expected a whole amount at '{TextRules.Shorten(text[at..], 10)}'; {Rule}";
                return false;
            }
            int letters = digits;
            while (letters < text.Length && !char.IsAsciiDigit(text[letters])) letters++;
            string amountText = text[at..digits];
            string unitText = text[digits..letters];
            if (unitText.Length == 0)
            {
                error = $"'{shown}' needs a unit after {amountText}: d, h, m or s, e.g. +{amountText}h";
                return false;
            }
            int unit = unitText.Length == 1 ? Units.IndexOf(unitText[0]) : -1;
            if (unit < 0)
            {
                error = unitText[0] is '.' or ','
                    ? $"'{shown}': amounts are whole numbers; split them over smaller units, e.g. +1h30m rather than +1.5h"
                    : $"'{shown}': '{TextRules.Shorten(unitText, 10)}' is not a unit; use d, h, m or s (one letter each), e.g. +36h or +1d12h";
                return false;
            }
            if (unit <= lastUnit)
            {
                error = $"'{shown}': give each unit once, largest first, e.g. +1d12h or +1h30m";
                return false;
            }
            // Nine digits of any unit already pass the limit, so the sum below cannot overflow a long.
            if (digits - at > 9
                || (seconds += long.Parse(amountText, NumberStyles.None, CultureInfo.InvariantCulture) * UnitSeconds[unit]) > MaxSeconds)
            {
                error = $"'{shown}' is more than {NumberRule.Format(SpecLimits.MaxHours)} hours after submission; at most +{MaxSeconds / 86_400}d";
                return false;
            }
            lastUnit = unit;
            at = letters;
        }
        if (seconds == 0)
        {
            error = $"'{shown}' is the submission time itself; give a later time, e.g. +36h, or leave the field out";
            return false;
        }
        if (now > DateTimeOffset.MaxValue.AddSeconds(-seconds))
        {
            error = $"'{shown}' lands past the end of the calendar";
            return false;
        }
        time = now.AddSeconds(seconds);
        return true;
    }
}
