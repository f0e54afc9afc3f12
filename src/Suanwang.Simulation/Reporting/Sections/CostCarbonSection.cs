using Suanwang.Simulation.Reporting.Html;
using Suanwang.Simulation.Reporting.Plots;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>Carbon, cost, energy and the share of work sent west, one bar per policy.</summary>
internal sealed class CostCarbonSection : IReportSection
{
    public string Id => "cost-carbon";

    public string Title => "Carbon, cost and where work ran";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        double greenest = context.Summary.Bounds.CarbonGreenestKg;
        html.Line("<div class=\"grid\">");
        PolicyBarPlot.Render(context, "fig-carbon", "Carbon", "Carbon emitted (kg CO2e)",
            p => p.Summary.CarbonKg, ReportFormat.Quantity,
            "Each bar is the carbon one policy's placements emitted; shorter is better, and the dashed line is the lower bound (every job at its greenest center and hour), which no policy can beat.",
            new PolicyBarPlot.Reference(greenest, "lower bound (greenest)")).Write(html);
        PolicyBarPlot.Render(context, "fig-cost", "Cost", "Cost (yuan)",
            p => p.Summary.CostYuan, ReportFormat.Quantity,
            "Each bar is what one policy's placements cost in yuan at the centers' prices, including transfers; shorter is better.").Write(html);
        PolicyBarPlot.Render(context, "fig-energy", "Energy", "Facility energy (kWh)",
            p => p.Summary.EnergyKwh, ReportFormat.Quantity,
            "Each bar is the facility energy (IT load × PUE) one policy's placements drew, in kWh; shorter is better, and the gap to the carbon bars shows how clean that energy was.").Write(html);
        PolicyBarPlot.Render(context, "fig-western-share", "Work in western hubs", "Share of work run in western hubs (%)",
            p => p.Summary.WesternShare * 100, v => ReportFormat.Fixed(v, "0.0") + " %",
            "Each bar is the share of all work (reference accelerator-hours) that one policy ran in the western hubs; longer means more work moved west, the aim of 东数西算.",
            maxValue: 100).Write(html);
        html.Line("</div>");
        PolicyKey.Write(html, context);
    }
}
