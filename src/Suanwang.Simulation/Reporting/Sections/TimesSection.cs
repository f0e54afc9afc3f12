using Suanwang.Simulation.Reporting.Charts;
using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>Wait and completion time distributions, side by side.</summary>
internal sealed class TimesSection : IReportSection
{
    public string Id => "times";

    public string Title => "Completion and wait times";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        html.Line("<div class=\"grid\">");
        Cdf("fig-wait-cdf", "wait-cdf", "Wait time", "wait").Write(html);
        Cdf("fig-completion-cdf", "completion-cdf", "Completion time", "completion").Write(html);
        html.Line("</div>");
    }

    private static Figure Cdf(string id, string name, string title, string quantity) =>
        new(id, name, title,
            $"Each line shows, for one policy, the share of jobs whose {quantity} was at most the time on the x axis; "
            + "a line further up and to the left is better, and its right-hand tail is the slowest jobs (times under 1 s are drawn at 1 s).");
}
