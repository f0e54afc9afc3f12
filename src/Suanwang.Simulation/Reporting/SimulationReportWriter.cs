using System.Text;
using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation.Reporting;

/// <summary>
/// Renders a simulation as one self-contained HTML page (<c>report.html</c>): inputs, workload
/// model, policy comparison, lower bounds, charts and the definitions. The charts are the
/// dashboard's simulation figures, drawn in the browser by an inline script (Apache ECharts and
/// the dashboard's <c>web/src/simulation/figures.js</c>) from the summary and series embedded as
/// JSON. The page needs no network: no external style sheets, scripts, fonts or images.
/// </summary>
/// <remarks>
/// Deterministic: the same <see cref="SimulationReportData"/> gives byte-identical HTML on any
/// machine (no timestamps or random ids; invariant number formatting; the script is fixed at build).
/// </remarks>
public static class SimulationReportWriter
{
    /// <summary>Renders the report. Every string taken from <paramref name="data"/> is HTML-escaped, or JSON-escaped inside the data blocks.</summary>
    /// <param name="data">The summary and the series behind the plots.</param>
    /// <returns>The complete HTML document, starting with <c>&lt;!DOCTYPE html&gt;</c>.</returns>
    public static string Render(SimulationReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ReportPage.Render(ReportContext.From(data));
    }

    /// <summary>Renders the report and writes it to <paramref name="path"/> as UTF-8 without a byte-order mark, replacing any existing file.</summary>
    /// <param name="data">The summary and the series behind the plots.</param>
    /// <param name="path">Destination file; its directory must exist.</param>
    public static void Write(SimulationReportData data, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, Render(data), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
