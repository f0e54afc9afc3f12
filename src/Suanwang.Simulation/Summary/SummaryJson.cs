using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Suanwang.Simulation.Summary;

/// <summary>
/// Writes <c>summary.json</c>: camelCase, indented, numbers rounded to 6 significant digits, no
/// time stamps, so the same inputs give a byte-identical file.
/// </summary>
public static class SummaryJson
{
    /// <summary>Serialiser options shared by the writer and readers of the summary.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new RoundedDoubleConverter(), new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The summary as JSON text (ending with a newline).</summary>
    public static string Serialize(SimulationSummary summary) => JsonSerializer.Serialize(summary, Options) + "\n";

    private sealed class RoundedDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) { writer.WriteNullValue(); return; }
            writer.WriteRawValue(double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
