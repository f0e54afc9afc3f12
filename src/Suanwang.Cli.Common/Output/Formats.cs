using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Suanwang.Cli.Output;

/// <summary>How the CLI writes numbers, durations, times and JSON.</summary>
public static class Formats
{
    /// <summary>JSON for <c>--json</c>: camelCase, indented, enums as kebab-case strings.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>JSON for the client verbs' <c>--json</c>: the API's own shape (web defaults: camelCase), indented, non-ASCII kept readable.</summary>
    public static JsonSerializerOptions ApiJson { get; } = new(Suanwang.Api.Client.ApiJson.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A duration in the largest sensible unit: "45 s", "12.5 min", "3.2 h", "2.1 d".</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 0.001 => "0 s",
        < 60 => $"{seconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
        < 3600 => $"{(seconds / 60).ToString("0.#", CultureInfo.InvariantCulture)} min",
        < 172800 => $"{(seconds / 3600).ToString("0.##", CultureInfo.InvariantCulture)} h",
        _ => $"{(seconds / 86400).ToString("0.##", CultureInfo.InvariantCulture)} d",
    };

    /// <summary>
    /// Two durations side by side ("3.64 s vs 3.61 s"), both in the unit <see cref="Duration"/> picks for the larger, with
    /// as many decimals as it takes for two different values to read differently (up to six more than usual); null when
    /// they still read the same, so a comparison never reads "3.6 s vs 3.6 s".
    /// </summary>
    public static string? DurationPair(double first, double second)
    {
        (double divisor, string unit, string format) = Math.Max(first, second) switch
        {
            < 60 => (1.0, "s", "0.#"),
            < 3600 => (60.0, "min", "0.#"),
            < 172800 => (3600.0, "h", "0.##"),
            _ => (86400.0, "d", "0.##"),
        };
        return Pair(first / divisor, second / divisor, format, n => $"{n} {unit}");
    }

    /// <summary>
    /// Two numbers side by side in <paramref name="format"/>, with up to <paramref name="extraDecimals"/> more decimals
    /// where needed to tell two different numbers apart; null when they are equal or still read the same.
    /// </summary>
    /// <param name="first">The first number.</param>
    /// <param name="second">The second number.</param>
    /// <param name="format">The usual format, e.g. <c>0.00</c>.</param>
    /// <param name="shape">Puts the unit around a formatted number, e.g. <c>n => $"¥{n}"</c>.</param>
    /// <param name="extraDecimals">The most decimals added.</param>
    public static string? Pair(double first, double second, string format, Func<string, string> shape, int extraDecimals = 6)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (first == second) return null;
        string baseFormat = format.Contains('.', StringComparison.Ordinal) ? format : format + ".";
        for (int extra = 0; extra <= extraDecimals; extra++)
        {
            string f = extra == 0 ? format : baseFormat + new string('#', extra);
            string a = first.ToString(f, CultureInfo.InvariantCulture), b = second.ToString(f, CultureInfo.InvariantCulture);
            if (a != b) return $"{shape(a)} vs {shape(b)}";
        }
        return null;
    }

    /// <summary>
    /// A count with its noun in the right number: "1 CPU core", "4 CPU cores", "0 jobs". Every count the CLI writes
    /// in words goes through here (or <see cref="Noun"/>), so none reads "1 CPU cores".
    /// </summary>
    /// <param name="count">How many.</param>
    /// <param name="singular">The noun for one.</param>
    /// <param name="plural">The noun for any other number, when it is not <paramref name="singular"/> + "s".</param>
    public static string Count(long count, string singular, string? plural = null) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {Noun(count, singular, plural)}";

    /// <summary>The noun alone for a quantity written otherwise (e.g. "0.5" hours): singular for exactly 1, else plural.</summary>
    public static string Noun(double value, string singular, string? plural = null) =>
        value == 1 ? singular : plural ?? singular + "s";

    /// <summary>A time in the given offset, minute precision.</summary>
    public static string Time(DateTimeOffset time, TimeSpan offset) =>
        time.ToOffset(offset).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    /// <summary>A time in <paramref name="clock"/>'s local time zone (the offset in force at that time), minute precision.</summary>
    public static string LocalTime(DateTimeOffset time, TimeProvider clock) =>
        Time(time, clock.LocalTimeZone.GetUtcOffset(time));

    /// <summary>Yuan with thousands separators and fen: "¥1,234.50".</summary>
    public static string Money(double yuan) =>
        (yuan < 0 ? "-¥" : "¥") + Math.Abs(yuan).ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>A number with a fixed format, invariant culture.</summary>
    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A quantity that may be tiny (a test job's kWh) or large: two significant figures below 0.01, never a bare 0 for a non-zero value.</summary>
    public static string Quantity(double value) =>
        value == 0 || Math.Abs(value) >= 0.01 ? Number(value, Math.Abs(value) >= 1000 ? "#,0" : "0.##") : value.ToString("G2", CultureInfo.InvariantCulture);
}
