namespace Suanwang.Simulation.Reporting.Charts;

/// <summary>
/// The script that draws the report's charts: the dashboard's simulation figures (web/src/simulation/figures.js)
/// with Apache ECharts, bundled by the dashboard's build into one classic script (report.js) and embedded in this
/// assembly, so every report.html carries it inline and opens offline.
/// </summary>
internal static class ChartScript
{
    private const string ResourceName = "Suanwang.Simulation.Reporting.report.js";

    private static readonly Lazy<string> Text = new(Load);

    /// <summary>The script's text, safe to put between <c>&lt;script&gt;</c> and <c>&lt;/script&gt;</c>.</summary>
    public static string Source => Text.Value;

    private static string Load()
    {
        using var stream = typeof(ChartScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded: the dashboard's bundle was not built with this assembly.");
        using var reader = new StreamReader(stream);
        string script = reader.ReadToEnd();
        // Inside a script element, these would end it early (or start a comment the parser honours).
        if (script.Contains("</script", StringComparison.OrdinalIgnoreCase) || script.Contains("<!--", StringComparison.Ordinal))
            throw new InvalidOperationException($"{ResourceName} contains '</script' or '<!--' and cannot be inlined.");
        return script;
    }
}
