using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>
/// The rules that filled in what traces lack (data sizes, locations, tenants, tiers, deadlines).
/// Every rule is printed: results are only as credible as these assumptions, so readers must see them.
/// </summary>
internal sealed class WorkloadModelSection : IReportSection
{
    public string Id => "workload-model";

    public string Title => "How the trace was completed";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        var rules = context.Summary.Inputs.WorkloadModel;
        html.Element("p", "Public traces record when jobs arrived and what they ran, but not their data sizes, where the data lives, "
            + "which tenant or tier they belong to, or their deadlines. The simulator completed each job with these rules "
            + $"(seeded with {context.Summary.Inputs.Seed}, so a re-run completes the trace identically):", "note").Line();
        if (rules.Count == 0)
        {
            html.Element("p", "No workload-model rules were recorded.", "empty").Line();
            return;
        }

        html.Line("<ol class=\"rules\">");
        foreach (var rule in rules) html.Element("li", rule).Line();
        html.Line("</ol>");
    }
}
