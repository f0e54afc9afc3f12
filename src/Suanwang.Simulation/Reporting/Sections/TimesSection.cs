using Suanwang.Simulation.Reporting.Html;
using Suanwang.Simulation.Reporting.Plots;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>Wait and completion time distributions, side by side.</summary>
internal sealed class TimesSection : IReportSection
{
    public string Id => "times";

    public string Title => "Completion and wait times";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        html.Line("<div class=\"grid\">");
        CdfPlot.Render(context, "fig-wait-cdf", "Wait time", "wait", s => s.WaitCdf).Write(html);
        CdfPlot.Render(context, "fig-completion-cdf", "Completion time", "completion", s => s.CompletionCdf).Write(html);
        html.Line("</div>");
        PolicyKey.Write(html, context);
    }
}
