using System.Reflection;
using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>What went in: network, trace, seed, capacity scale and the simulated broker's settings — enough to re-run.</summary>
internal sealed class InputsSection : IReportSection
{
    public string Id => "inputs";

    public string Title => "Inputs";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        var inputs = context.Summary.Inputs;
        var trace = inputs.Trace;

        html.Line("<div class=\"scroll\"><table class=\"kv\"><tbody>");
        Row(html, "Network", inputs.Network.Name);
        HashRow(html, "Network revision", inputs.Network.Sha256);
        Row(html, "Trace", trace.File.Name);
        HashRow(html, "Trace SHA-256", trace.File.Sha256);
        Row(html, "Trace format", trace.Format);
        Row(html, "Rows read", ReportFormat.Count(trace.RowsRead));
        Row(html, "Jobs replayed", ReportFormat.Count(trace.JobsUsed));
        Row(html, "Rows skipped", SkippedText(trace.Skipped));
        Row(html, "Seed", inputs.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row(html, "Capacity scale", ReportFormat.Fixed(inputs.CapacityScale, "0.###") + "× every pool's node count");
        foreach (var (name, value) in SchedulerSettings(inputs.Scheduler))
            Row(html, "Scheduler: " + Humanise(name), value);
        html.Line("</tbody></table></div>");
    }

    private static void Row(HtmlBuilder html, string name, string value) =>
        html.Raw("<tr>").Element("th", name).Element("td", value).Line("</tr>");

    private static void HashRow(HtmlBuilder html, string name, string hash) =>
        html.Raw("<tr>").Element("th", name).Element("td", hash, "mono hash").Line("</tr>");

    /// <summary>"MaxAttemptsPerPass" → "max attempts per pass".</summary>
    private static string Humanise(string pascalCase) =>
        string.Concat(pascalCase.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string SkippedText(IReadOnlyDictionary<string, long> skipped)
    {
        long total = skipped.Values.Sum();
        if (total == 0) return "0";
        // Sorted so equal dictionaries built in a different order render the same.
        var reasons = skipped.OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => $"{r.Key}: {ReportFormat.Count(r.Value)}");
        return $"{ReportFormat.Count(total)} ({string.Join("; ", reasons)})";
    }

    /// <summary>
    /// Every public property of the settings record, in declaration order — read by reflection so a
    /// setting added to <see cref="SimulationOptions"/> shows up here without touching the report.
    /// </summary>
    private static IEnumerable<(string Name, string Value)> SchedulerSettings(SimulationOptions options) =>
        typeof(SimulationOptions)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .Select(p => (p.Name, ReportFormat.Setting(p.GetValue(options))));
}
