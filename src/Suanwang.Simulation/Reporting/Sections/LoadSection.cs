using Suanwang.Simulation.Reporting.Html;
using Suanwang.Simulation.Reporting.Plots;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>
/// Where the load went: the center key (ids used in the plots, display names, each policy's share
/// of the work) and one load heatmap per policy.
/// </summary>
internal sealed class LoadSection : IReportSection
{
    public string Id => "load";

    public string Title => "Load per center over time";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        WriteKey(html, context);

        var withSeries = context.Policies.Where(p => p.Series is not null).ToList();
        if (withSeries.Count == 0)
        {
            html.Element("p", "No load series were recorded.", "empty").Line();
            return;
        }

        html.Element("p", $"Timelines start at {CenterLoadHeatmap.OriginText(withSeries[0].Series!.TimelineOriginSeconds)}; "
            + $"each is averaged down to at most {Downsample.MaxPoints} columns to keep this page small.", "note").Line();
        html.Line("<div class=\"grid\">");
        foreach (var policy in withSeries)
            CenterLoadHeatmap.Render(context, policy, policy.Series!, $"fig-load-{policy.Index}").Write(html);
        html.Line("</div>");
    }

    private static void WriteKey(HtmlBuilder html, ReportContext context)
    {
        html.Element("h3", "Centers").Line()
            .Element("p", "Plots label centers by id; names are here. Work share: the share of all work each policy placed at the center (mean utilisation in brackets).", "note").Line()
            .Raw("<div class=\"scroll\"><table class=\"centers\"><thead><tr><th>Id</th><th>Name</th><th>Hub</th>");
        foreach (var policy in context.Policies)
        {
            html.Raw("<th class=\"num\">");
            ComparisonSection.PolicyName(html, policy);
            html.Raw("</th>");
        }
        html.Line("</tr></thead><tbody>");

        foreach (var center in context.Centers)
        {
            html.Raw("<tr>").Element("td", center.PlotLabel == center.Id ? center.Id : $"{center.PlotLabel} ({center.Id})", "mono")
                .Element("td", center.Name)
                .Element("td", center.Western switch { true => "western", false => "eastern", null => ReportFormat.Missing });
            foreach (var policy in context.Policies)
            {
                var share = policy.Summary.Centers.FirstOrDefault(c => c.Id == center.Id);
                html.Element("td", share is null
                    ? ReportFormat.Missing
                    : $"{ReportFormat.Percent(share.WorkShare)} ({ReportFormat.Percent(share.MeanUtilisation)})", "num");
            }
            html.Line("</tr>");
        }
        html.Line("</tbody></table></div>");
    }
}
