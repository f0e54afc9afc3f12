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
