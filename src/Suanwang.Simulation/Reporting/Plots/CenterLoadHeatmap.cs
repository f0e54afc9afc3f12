using System.Globalization;
using ScottPlot;
using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation.Reporting.Plots;

/// <summary>
/// One policy's load as a heatmap: a row per center, time across, colour = busy share of the
/// center's capacity. A heatmap rather than lines: with a dozen or more centers lines tangle.
/// </summary>
internal static class CenterLoadHeatmap
{
    private const int RowPixels = 18;

    /// <summary>Renders the heatmap of <paramref name="policy"/>'s series.</summary>
    public static Figure Render(ReportContext context, PolicyView policy, PolicySeries series, string id)
    {
        var (matrix, perColumn) = Downsample.Buckets(series.CenterUtilisation);
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        double columnSeconds = series.TimelineBucketSeconds * perColumn;
        var (unitSeconds, unit) = TimeAxis.LinearUnit(columns * columnSeconds);

        var plot = PlotTheme.NewPlot();
        if (rows > 0 && columns > 0)
        {
            var percent = new double[rows, columns];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    percent[r, c] = matrix[r, c] * 100;

            var heatmap = plot.Add.Heatmap(percent);
            // Rectangle sets the outer edges (Extent would put the corner cells' centres there).
            // ScottPlot draws row 0 (the network's first center) at the top, like the key table.
            heatmap.Rectangle = new CoordinateRect(0, columns * columnSeconds / unitSeconds, 0, rows);
            heatmap.ManualRange = new ScottPlot.Range(0, 100); // same scale in every policy's heatmap
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            var colorBar = plot.Add.ColorBar(heatmap);
            colorBar.Label = "Busy share of capacity (%)";
            colorBar.LabelStyle.FontSize = 13;
            colorBar.LabelStyle.Bold = false;
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, rows).Select(r => rows - r - 0.5).ToArray(),
            Enumerable.Range(0, rows).Select(r => r < context.Centers.Count ? context.Centers[r].PlotLabel : $"C{r + 1}").ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.IsVisible = false;
        plot.Axes.Margins(0, 0);

        PlotTheme.Labels(plot, $"Time since the first bucket ({unit})", "");
        int height = 90 + RowPixels * Math.Max(4, rows);
        string title = $"Load per center: {policy.PlotLabel}";
        string caption = $"Rows are centers (ids as in the key), columns {ReportFormat.Duration(columnSeconds)} of time, colour the busy share of the center's capacity "
            + "on one scale for all policies: bright stretches ran hot, dark ones sat idle.";
        return new Figure(id, $"Load per center — {policy.Name}", PlotTheme.ToSvg(plot, id, PlotTheme.HalfWidth, height, title), caption);
    }

    /// <summary>Describes where the timeline starts, for the section's note.</summary>
    public static string OriginText(double originSeconds) =>
        // Traces with real timestamps start after 2001; others count from their own zero.
        originSeconds >= 1e9
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(originSeconds * 1000)).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : $"trace time {ReportFormat.Fixed(originSeconds, "0.##")} s";
}
