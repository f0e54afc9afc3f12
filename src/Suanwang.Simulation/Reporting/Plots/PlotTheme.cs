using ScottPlot;

namespace Suanwang.Simulation.Reporting.Plots;

/// <summary>The look shared by every plot, and the one place plots become inline SVG.</summary>
internal static class PlotTheme
{
    /// <summary>Width of a plot in a two-column grid, px (CSS scales it to the column).</summary>
    public const int HalfWidth = 640;

    /// <summary>Width of a plot spanning the page, px.</summary>
    public const int FullWidth = 1260;

    // A sans font ScottPlot can measure with. Its own default resolves to a serif face on Debian
    // (DejaVu Serif); the first installed of these is chosen instead.
    private static readonly Lazy<string?> Font = new(() =>
        new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" }.FirstOrDefault(Installed));

    // GetTypeface falls back to some face when the family is missing; only an exact family counts.
    private static bool Installed(string family) =>
        string.Equals(Fonts.GetTypeface(family, bold: false, italic: false)?.FamilyName, family, StringComparison.OrdinalIgnoreCase);

    /// <summary>A new plot with the report's background and frame.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#E3E7EC");
        plot.Axes.Color(Color.FromHex("#3A4450"));
        return plot;
    }

    /// <summary>Sets the axis labels (units belong in them) in the report's size and weight.</summary>
    public static void Labels(Plot plot, string x, string y)
    {
        plot.XLabel(x, 14);
        plot.YLabel(y, 14);
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
    }

    /// <summary>Renders <paramref name="plot"/> to inline SVG (see <see cref="SvgInliner"/>).</summary>
    public static string ToSvg(Plot plot, string id, int width, int height, string label)
    {
        // Set last: FontStyler only restyles what the plot already holds (axes, legend, labels).
        if (Font.Value is { } font) plot.Font.Set(font);
        return SvgInliner.Inline(plot.GetSvgXml(width, height), id, width, height, label);
    }

    /// <summary>The legend style used by every plot: inside the data area, unobtrusive.</summary>
    public static void Legend(Plot plot, Alignment alignment)
    {
        var legend = plot.ShowLegend(alignment);
        legend.FontSize = 12;
        legend.OutlineColor = Color.FromHex("#C9D0D8");
        legend.ShadowColor = Colors.Transparent;
    }
}
