using Suanwang.Simulation.Reporting.Charts;
using Suanwang.Simulation.Reporting.Html;
using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>How evenly each policy spread delay across tiers: slowdown per tier, the Jain index, and the numbers behind them.</summary>
internal sealed class FairnessSection : IReportSection
{
    public string Id => "fairness";

    public string Title => "Fairness across tiers";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        var tiers = Tiers(context);
        if (tiers.Count == 0)
        {
            html.Element("p", "No tier results were recorded.", "empty").Line();
            return;
        }

        html.Line("<div class=\"grid\">");
        new Figure("fig-tier-slowdown", "tier-slowdown", "Mean slowdown per tier",
            "Within each tier, each bar is one policy's mean slowdown ((completion − deliberate deferral) ÷ max(run time, 10 s)); "
            + "1× means jobs ran as if alone, and bars of similar height across tiers mean the policy shares delay fairly.").Write(html);
        new Figure("fig-jain", "jain", "Tier fairness (Jain index)",
            "Each bar is Jain's index of one policy's mean slowdowns across tiers: 1 means every tier was slowed alike, 1/n that one tier bore it all; longer is fairer.").Write(html);
        html.Line("</div>");
        WriteTable(html, context, tiers);
    }

    /// <summary>The tiers in the order they first appear across policies (figures.js orders them alike).</summary>
    private static IReadOnlyList<string> Tiers(ReportContext context) =>
        context.Policies.SelectMany(p => p.Summary.Fairness.Tiers.Select(t => t.Name)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Policies down, tiers across; best slowdown and wait per tier highlighted as in the comparison.</summary>
    private static void WriteTable(HtmlBuilder html, ReportContext context, IReadOnlyList<string> tiers)
    {
        var cells = context.Policies
            .Select(p => tiers.Select(t => p.Summary.Fairness.Tiers.FirstOrDefault(x => x.Name == t)).ToList())
            .ToList();

        html.Element("h3", "Per tier").Line()
            .Element("p", "Mean bounded slowdown, mean wait and the share of all work each tier received, against the share it is guaranteed.", "note").Line()
            .Line("<div class=\"scroll\"><table class=\"tiers\"><thead><tr><th rowspan=\"2\">Policy</th>");
        for (int t = 0; t < tiers.Count; t++)
        {
            double guaranteed = cells.Select(row => row[t]?.GuaranteedShare).FirstOrDefault(g => g is not null) ?? double.NaN;
            html.Raw("<th class=\"group\" colspan=\"3\">").Text(tiers[t])
                .Element("span", $"guaranteed {ReportFormat.Percent(guaranteed)}", "unit").Raw("</th>");
        }
        html.Line("</tr><tr>");
        foreach (var _ in tiers)
            html.Raw("<th class=\"num group-start\">Slowdown <span class=\"dir\">↓</span></th><th class=\"num\">Wait <span class=\"dir\">↓</span></th><th class=\"num\">Work share</th>");
        html.Line("</tr></thead><tbody>");

        var bestSlowdown = tiers.Select((_, t) => Best(cells, t, x => x.MeanSlowdown)).ToList();
        var bestWait = tiers.Select((_, t) => Best(cells, t, x => x.MeanWaitSeconds)).ToList();
        foreach (var policy in context.Policies)
        {
            html.Raw("<tr><th scope=\"row\">");
            ComparisonSection.PolicyName(html, policy);
            html.Raw("</th>");
            for (int t = 0; t < tiers.Count; t++)
            {
                TierSummary? tier = cells[policy.Index][t];
                Cell(html, tier is null ? ReportFormat.Missing : ReportFormat.Fixed(tier.MeanSlowdown, "0.00") + "×", bestSlowdown[t].Contains(policy.Index), groupStart: true);
                Cell(html, tier is null ? ReportFormat.Missing : ReportFormat.Duration(tier.MeanWaitSeconds), bestWait[t].Contains(policy.Index));
                Cell(html, tier is null ? ReportFormat.Missing : ReportFormat.Percent(tier.WorkShare), best: false);
            }
            html.Line("</tr>");
        }
        html.Line("</tbody></table></div>");
    }

    private static IReadOnlySet<int> Best(List<List<TierSummary?>> cells, int tier, Func<TierSummary, double> value) =>
        BestValues.Find(cells.Select(row => row[tier] is { } x ? value(x) : double.NaN).ToList(), Better.Lower);

    private static void Cell(HtmlBuilder html, string text, bool best, bool groupStart = false)
    {
        string cssClass = "num" + (groupStart ? " group-start" : "") + (best ? " best" : "");
        html.Element("td", text, cssClass);
    }
}
