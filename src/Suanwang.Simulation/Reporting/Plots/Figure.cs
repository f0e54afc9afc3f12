using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Plots;

/// <summary>A rendered plot with its heading and a caption that says how to read it.</summary>
/// <param name="Id">Anchor id, fixed by the report (never from data).</param>
/// <param name="Title">Heading (escaped when written).</param>
/// <param name="Svg">Inline SVG, already made safe to embed by <see cref="SvgInliner"/>.</param>
/// <param name="Caption">One sentence on how to read it (escaped when written).</param>
internal sealed record Figure(string Id, string Title, string Svg, string Caption)
{
    /// <summary>Writes the figure as <c>&lt;figure&gt;</c>; <paramref name="afterCaption"/> may add e.g. a key.</summary>
    public void Write(HtmlBuilder html, Action<HtmlBuilder>? afterCaption = null)
    {
        html.Raw("<figure id=\"").Raw(Id).Line("\">")
            .Element("h3", Title).Line()
            .Line(Svg)
            .Element("figcaption", Caption).Line();
        afterCaption?.Invoke(html);
        html.Line("</figure>");
    }
}
