using Suanwang.Simulation.Reporting.Charts;
using Suanwang.Simulation.Reporting.Html;
using Suanwang.Simulation.Reporting.Sections;

namespace Suanwang.Simulation.Reporting;

/// <summary>
/// The page: head with the style sheet, title, table of contents, then each section in order; at the end the data
/// the charts are drawn from and the script that draws them, inline, so the one file is the whole report.
/// </summary>
internal static class ReportPage
{
    private static readonly IReportSection[] Sections =
    [
        new InputsSection(),
        new WorkloadModelSection(),
        new ComparisonSection(),
        new BoundsSection(),
        new TimesSection(),
        new CostCarbonSection(),
        new FairnessSection(),
        new LoadSection(),
        new DefinitionsSection(),
    ];

    /// <summary>Renders the whole document.</summary>
    public static string Render(ReportContext context)
    {
        var inputs = context.Summary.Inputs;
        string title = $"Suanwang simulation: {inputs.Trace.File.Name} on {inputs.Network.Name}";

        var html = new HtmlBuilder();
        html.Line("<!DOCTYPE html>")
            .Line("<html lang=\"en\">")
            .Line("<head>")
            .Line("<meta charset=\"utf-8\">")
            .Line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<title>").Text(title).Line("</title>")
            .Raw("<style>").Raw(ReportStyle.Css).Line("</style>")
            .Line("</head>")
            .Line("<body>")
            .Line("<header>")
            .Element("h1", title).Line()
            .Raw("<p class=\"subtitle\">")
            .Text($"{context.Policies.Count} policies × {ReportFormat.Count(inputs.Trace.JobsUsed)} jobs × {context.Centers.Count} centers · seed {inputs.Seed} · summary format {context.Summary.Format}")
            .Line("</p>");

        html.Line("<nav><ol>");
        foreach (var section in Sections)
            html.Raw("<li><a href=\"#").Raw(section.Id).Raw("\">").Text(section.Title).Line("</a></li>");
        html.Line("</ol></nav>")
            .Line("<noscript><p class=\"empty\">The charts are drawn by this page's script, which is blocked here; the tables hold every number.</p></noscript>")
            .Line("</header>")
            .Line("<main>");

        foreach (var section in Sections)
        {
            html.Raw("<section id=\"").Raw(section.Id).Line("\">")
                .Element("h2", section.Title).Line();
            section.Write(html, context);
            html.Line("</section>");
        }

        html.Line("</main>")
            .Raw("<script type=\"application/json\" id=\"summary-data\">").Raw(ChartData.Summary(context)).Line("</script>")
            .Raw("<script type=\"application/json\" id=\"series-data\">").Raw(ChartData.Series(context)).Line("</script>")
            .Line("<!-- The charts: Suanwang's simulation figures (the dashboard's web/src/simulation/figures.js) drawn with Apache ECharts (Apache License 2.0); licences at the script's end. -->")
            .Raw("<script>").Raw(ChartScript.Source).Line("</script>")
            .Line("</body>")
            .Line("</html>");
        return html.ToString();
    }
}
