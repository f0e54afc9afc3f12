using System.Globalization;
using System.Text;
using System.Text.Json;
using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation.Reporting.Charts;

/// <summary>
/// What the page's charts are drawn from, as JSON for <c>&lt;script type="application/json"&gt;</c> blocks: the
/// summary exactly as in summary.json (what the dashboard draws the same figures from), and the series summary.json
/// does not hold — each policy's wait and completion CDFs and its load per center — thinned by
/// <see cref="Downsample"/> so the page stays small however long the trace.
/// </summary>
internal static class ChartData
{
    /// <summary>The summary, as summary.json has it, made safe to sit inside a script element.</summary>
    public static string Summary(ReportContext context) => ForScriptElement(SummaryJson.Serialize(context.Summary));

    /// <summary>One policy's load, thinned: each column averages <see cref="Load.BucketsPerColumn"/> buckets.</summary>
    public sealed record Load(double[,] Matrix, int BucketsPerColumn, double ColumnSeconds);

    /// <summary>Thins <paramref name="series"/>'s load timeline for the page (and for the caption's column width).</summary>
    public static Load LoadOf(PolicySeries series)
    {
        var (matrix, perColumn) = Downsample.Buckets(series.CenterUtilisation);
        return new Load(matrix, perColumn, series.TimelineBucketSeconds * perColumn);
    }

    /// <summary>
    /// <c>{ centers: [{ id, name }], policies: [{ name, waitCdf: [[seconds, share]], completionCdf, load: { originSeconds,
    /// columnSeconds, rows: [[busy share]] } }] }</c>, centers in network order; numbers to 6 significant digits
    /// (shares to 4), so the same data gives the same bytes.
    /// </summary>
    public static string Series(ReportContext context)
    {
        using var buffer = new MemoryStream();
        // The default encoder escapes <, >, & and non-ASCII: nothing in the text can close the script element.
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("centers");
            foreach (var center in context.Centers)
            {
                json.WriteStartObject();
                json.WriteString("id", center.Id);
                json.WriteString("name", center.Name);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("policies");
            foreach (var policy in context.Policies.Where(p => p.Series is not null))
                WritePolicy(json, policy.Name, policy.Series!);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return ForScriptElement(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WritePolicy(Utf8JsonWriter json, string name, PolicySeries series)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        WriteCdf(json, "waitCdf", series.WaitCdf);
        WriteCdf(json, "completionCdf", series.CompletionCdf);
        var load = LoadOf(series);
        json.WriteStartObject("load");
        Number(json, "originSeconds", series.TimelineOriginSeconds, 6);
        Number(json, "columnSeconds", load.ColumnSeconds, 6);
        json.WriteStartArray("rows");
        for (int r = 0; r < load.Matrix.GetLength(0); r++)
        {
            json.WriteStartArray();
            for (int c = 0; c < load.Matrix.GetLength(1); c++) Number(json, null, load.Matrix[r, c], 4);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCdf(Utf8JsonWriter json, string name, IReadOnlyList<(double Value, double Fraction)> points)
    {
        json.WriteStartArray(name);
        foreach (var (value, fraction) in Downsample.Points(points))
        {
            json.WriteStartArray();
            Number(json, null, value, 6);
            Number(json, null, fraction, 4);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter json, string? name, double value, int digits)
    {
        if (name is not null) json.WritePropertyName(name);
        if (!double.IsFinite(value)) { json.WriteNullValue(); return; }
        string rounded = double.Parse(value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            .ToString("R", CultureInfo.InvariantCulture);
        json.WriteRawValue(rounded, skipInputValidation: true);
    }

    // '<' occurs in JSON only inside strings, where \u003c reads the same: so no "</script" or "<!--" can appear.
    private static string ForScriptElement(string json) => json.Replace("<", "\\u003c", StringComparison.Ordinal);
}
