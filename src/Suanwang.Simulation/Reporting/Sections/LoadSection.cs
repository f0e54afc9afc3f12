using System.Globalization;
using Suanwang.Simulation.Reporting.Charts;
using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>
/// Where the load went: the center key (ids used in the charts, display names, each policy's share
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

        html.Element("p", $"Timelines start at {OriginText(withSeries[0].Series!.TimelineOriginSeconds)}; "
            + $"each is averaged down to at most {Downsample.MaxPoints} columns to keep this page small.", "note").Line();
        html.Line("<div class=\"grid\">");
        foreach (var policy in withSeries)
        {
            double columnSeconds = ChartData.LoadOf(policy.Series!).ColumnSeconds;
            new Figure($"fig-load-{policy.Index}", "load", $"Load per center — {policy.Name}",
                $"Rows are centers (ids as in the key), columns {ReportFormat.Duration(columnSeconds)} of time, colour the busy share of the center's capacity "
                + "on one scale for all policies: bright stretches ran hot, dark ones sat idle.", policy.Index).Write(html);
        }
        html.Line("</div>");
    }

    /// <summary>Describes where the timeline starts, for the section's note.</summary>
    private static string OriginText(double originSeconds) =>
        // Traces with real timestamps start after 2001; others count from their own zero.
        originSeconds >= 1e9
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(originSeconds * 1000)).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : $"trace time {ReportFormat.Fixed(originSeconds, "0.##")} s";

    private static void WriteKey(HtmlBuilder html, ReportContext context)
    {
        html.Element("h3", "Centers").Line()
            .Element("p", "Charts label centers by id; names are here. Work share: the share of all work each policy placed at the center (mean utilisation in brackets).", "note").Line()
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
            html.Raw("<tr>").Element("td", center.Id, "mono")
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
