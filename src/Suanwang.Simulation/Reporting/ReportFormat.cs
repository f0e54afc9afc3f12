using System.Globalization;

namespace Suanwang.Simulation.Reporting;

/// <summary>
/// Number formatting for people: invariant culture (the report must not change with the machine's
/// locale), durations in the largest unit that keeps them readable, an en dash for missing values.
/// </summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Shown for NaN or infinite values (e.g. a mean over zero jobs).</summary>
    public const string Missing = "–";

    /// <summary>A duration: "0.4 s", "45 s", "12.5 min", "5.2 h", "3.1 d".</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds)) return Missing;
        double magnitude = Math.Abs(seconds);
        if (magnitude < 1) return Fixed(seconds, "0.##") + " s";
        if (magnitude < 100) return Fixed(seconds, "0.#") + " s";
        if (magnitude < 100 * 60) return Fixed(seconds / 60, "0.#") + " min";
        if (magnitude < 72 * 3600) return Fixed(seconds / 3600, "0.#") + " h";
        return Fixed(seconds / 86400, "0.#") + " d";
    }

    /// <summary>A count with thousands separators: "12,345".</summary>
    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>A quantity: thousands separators, two decimals below 100, none above.</summary>
    public static string Quantity(double value)
    {
        if (!double.IsFinite(value)) return Missing;
        return Math.Abs(value) >= 100 ? value.ToString("N0", Invariant) : value.ToString("N2", Invariant);
    }

    /// <summary>A share in [0, 1] as a percentage: "42.7 %".</summary>
    public static string Percent(double share) =>
        double.IsFinite(share) ? Fixed(share * 100, "0.0") + " %" : Missing;

    /// <summary>A ratio: "1.23×".</summary>
    public static string Ratio(double ratio) =>
        double.IsFinite(ratio) ? Fixed(ratio, "0.00") + "×" : Missing;

    /// <summary>A plain number with up to <paramref name="pattern"/> decimals.</summary>
    public static string Fixed(double value, string pattern) =>
        double.IsFinite(value) ? value.ToString(pattern, Invariant) : Missing;

    /// <summary>The exact value, round-trippable, for tooltips.</summary>
    public static string Exact(double value) => value.ToString("R", Invariant);

    /// <summary>Any setting value, formatted invariantly.</summary>
    public static string Setting(object? value) => value switch
    {
        null => Missing,
        IFormattable formattable => formattable.ToString(null, Invariant),
        _ => value.ToString() ?? Missing,
    };
}
