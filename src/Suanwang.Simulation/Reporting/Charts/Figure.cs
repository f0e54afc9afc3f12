using System.Globalization;
using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Charts;

/// <summary>
/// A chart of the report: its heading, the element the page's script draws it in, and a caption that says how to
/// read it. The chart itself (<paramref name="Name"/>) is one of the figures of the dashboard's
/// <c>web/src/simulation/figures.js</c>, drawn from the summary and series the page embeds (<see cref="ChartData"/>).
/// </summary>
/// <param name="Id">Anchor id, fixed by the report (never from data).</param>
/// <param name="Name">The figure's name in figures.js, fixed by the report (e.g. <c>carbon</c>, <c>wait-cdf</c>, <c>load</c>).</param>
/// <param name="Title">Heading (escaped when written).</param>
/// <param name="Caption">One sentence on how to read it (escaped when written).</param>
/// <param name="Policy">For a per-policy figure (<c>load</c>), the policy's position in the summary.</param>
internal sealed record Figure(string Id, string Name, string Title, string Caption, int? Policy = null)
{
    /// <summary>Writes the figure as <c>&lt;figure&gt;</c> with an empty chart element for the script to draw in.</summary>
    public void Write(HtmlBuilder html)
    {
        html.Raw("<figure id=\"").Raw(Id).Line("\">")
            .Element("h3", Title).Line()
            .Raw("<div class=\"chart\" data-figure=\"").Raw(Name).Raw("\"");
        if (Policy is { } index) html.Raw(" data-policy=\"").Raw(index.ToString(CultureInfo.InvariantCulture)).Raw("\"");
        html.Line("></div>")
            .Element("figcaption", Caption).Line()
            .Line("</figure>");
    }
}
