using Suanwang.Simulation.Reporting.Charts;
using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>Carbon, cost, energy and the share of work sent west, one bar per policy.</summary>
internal sealed class CostCarbonSection : IReportSection
{
    public string Id => "cost-carbon";

    public string Title => "Carbon, cost and where work ran";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        html.Line("<div class=\"grid\">");
        new Figure("fig-carbon", "carbon", "Carbon",
            "Each bar is the carbon one policy's placements emitted; shorter is better, and the dashed line is the lower bound (every job at its greenest center and hour), which no policy can beat.").Write(html);
        new Figure("fig-cost", "cost", "Cost",
            "Each bar is what one policy's placements cost in yuan at the centers' prices, including transfers; shorter is better.").Write(html);
        new Figure("fig-energy", "energy", "Energy",
            "Each bar is the facility energy (IT load × PUE) one policy's placements drew, in kWh; shorter is better, and the gap to the carbon bars shows how clean that energy was.").Write(html);
        new Figure("fig-western-share", "western-share", "Work in western hubs",
            "Each bar is the share of all work (reference accelerator-hours) that one policy ran in the western hubs; longer means more work moved west, the aim of 东数西算.").Write(html);
        html.Line("</div>");
    }
}
