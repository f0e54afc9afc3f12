using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>The summary's definitions dictionary: what each figure means.</summary>
internal sealed class DefinitionsSection : IReportSection
{
    public string Id => "definitions";

    public string Title => "Definitions";

    public void Write(HtmlBuilder html, ReportContext context)
    {
        var definitions = context.Summary.Definitions;
        if (definitions.Count == 0)
        {
            html.Element("p", "No definitions were recorded.", "empty").Line();
            return;
        }

        html.Line("<dl class=\"definitions\">");
        // Alphabetical: a glossary, and independent of the dictionary's insertion order.
        foreach (var (term, meaning) in definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
            html.Element("dt", term).Element("dd", meaning).Line();
        html.Line("</dl>");
    }
}
