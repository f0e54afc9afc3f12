using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>The lower bounds no policy can beat, and how each was computed.</summary>
internal sealed class BoundsSection : IReportSection
{
    public string Id => "bounds";

    public string Title => "Lower bounds";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        var bounds = context.Summary.Bounds;
        html.Element("p", "No policy can do better than these on this trace and network; the comparison's last table divides each policy's result by them (1.00× would be optimal).", "note").Line();
        html.Line("<div class=\"scroll\"><table class=\"kv\"><tbody>");
        Row(html, "Mean completion, no queueing", ReportFormat.Duration(bounds.MeanCompletionNoQueueSeconds), bounds.MeanCompletionNoQueueSeconds);
        Row(html, "Mean completion, capacity pooled", ReportFormat.Duration(bounds.MeanCompletionPooledSeconds), bounds.MeanCompletionPooledSeconds);
        Row(html, "Carbon, greenest center and hour", ReportFormat.Quantity(bounds.CarbonGreenestKg) + " kg CO₂e", bounds.CarbonGreenestKg);
        html.Line("</tbody></table></div>");

        if (bounds.Method.Count == 0) return;
        html.Element("h3", "Method").Line()
            .Line("<ul class=\"methods\">");
        foreach (var method in bounds.Method) html.Element("li", method).Line();
        html.Line("</ul>");
    }

    private static void Row(HtmlBuilder html, string name, string value, double exact) =>
        html.Raw("<tr>").Element("th", name)
            .Raw("<td class=\"num\" title=\"").Text(ReportFormat.Exact(exact)).Raw("\">").Text(value).Line("</td></tr>");
}
