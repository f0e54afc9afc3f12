using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>
/// Maps the labels drawn inside plots back to policy names — needed only when a name could not be
/// drawn in the SVG (see <see cref="Plots.PlotLabel"/>), so it is written only then.
/// </summary>
internal static class PolicyKey
{
    /// <summary>Writes the key if any policy's plot label differs from its name.</summary>
    public static void Write(HtmlBuilder html, ReportContext context)
    {
        if (context.Policies.All(p => p.PlotLabel == p.Name)) return;
        html.Raw("<p class=\"note\">In the plots: ");
        foreach (var policy in context.Policies.Where(p => p.PlotLabel != p.Name))
        {
            html.Raw("<span class=\"swatch\" style=\"background:").Raw(policy.Color).Raw("\"></span>")
                .Text(policy.PlotLabel).Raw(" = ").Text(policy.Name).Raw("&emsp;");
        }
        html.Line("</p>");
    }
}
