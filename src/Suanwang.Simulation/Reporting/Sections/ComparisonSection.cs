using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>The policies side by side: what each is, then one table per theme with the best value per column highlighted.</summary>
internal sealed class ComparisonSection : IReportSection
{
    public string Id => "comparison";

    public string Title => "Policy comparison";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        if (context.Policies.Count == 0)
        {
            html.Element("p", "No policies were simulated.", "empty").Line();
            return;
        }

        WritePolicies(html, context);
        html.Element("p", "Best value per column highlighted; ↓ lower is better, ↑ higher is better, no arrow: descriptive only. Hover a cell for its exact value.", "note").Line();
        // Side by side where they fit: the narrower tables pair up on a wide screen.
        html.Line("<div class=\"tables\">");
        foreach (var table in ComparisonColumns.Tables) WriteTable(html, context, table);
        html.Line("</div>");
    }

    private static void WritePolicies(HtmlBuilder html, ReportContext context)
    {
        html.Line("<div class=\"scroll\"><table class=\"policies\"><thead><tr><th>Policy</th><th>Description</th></tr></thead><tbody>");
        foreach (var policy in context.Policies)
        {
            html.Raw("<tr><th scope=\"row\">");
            PolicyName(html, policy);
            html.Raw("</th>").Element("td", policy.Summary.Description).Line("</tr>");
        }
        html.Line("</tbody></table></div>");
    }

    private static void WriteTable(HtmlBuilder html, ReportContext context, ComparisonTable table)
    {
        var columns = table.Columns;
        var best = columns
            .Select(c => BestValues.Find(context.Policies.Select(p => c.Value(p.Summary)).ToList(), c.Better))
            .ToList();

        html.Line("<div>").Element("h3", table.Title).Line()
            .Line("<div class=\"scroll\"><table class=\"compare\"><thead><tr>")
            .Raw("<th>Policy</th>");
        foreach (var column in columns)
        {
            html.Raw("<th class=\"num\" data-col=\"").Raw(column.Key).Raw("\">").Text(column.Header);
            if (column.Better != Better.Neither)
                html.Raw(" <span class=\"dir\">").Raw(column.Better == Better.Lower ? "↓" : "↑").Raw("</span>");
            if (column.Unit is not null) html.Element("span", column.Unit, "unit");
            html.Raw("</th>");
        }
        html.Line("</tr></thead><tbody>");

        foreach (var policy in context.Policies)
        {
            html.Raw("<tr><th scope=\"row\">");
            PolicyName(html, policy);
            html.Raw("</th>");
            for (int c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                bool isBest = best[c].Contains(policy.Index);
                html.Raw("<td class=\"").Raw(isBest ? "num best" : "num").Raw("\" data-col=\"").Raw(column.Key)
                    .Raw("\" title=\"").Text(ReportFormat.Exact(column.Value(policy.Summary))).Raw("\">")
                    .Text(column.Display(policy.Summary)).Raw("</td>");
            }
            html.Line("</tr>");
        }
        html.Line("</tbody></table></div>").Line("</div>");
    }

    /// <summary>The policy's colour swatch (as in the plots) and its name.</summary>
    internal static void PolicyName(HtmlBuilder html, PolicyView policy) =>
        html.Raw("<span class=\"swatch\" style=\"background:").Raw(policy.Color).Raw("\"></span>").Text(policy.Name);
}
