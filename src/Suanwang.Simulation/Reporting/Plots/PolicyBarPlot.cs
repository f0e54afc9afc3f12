using ScottPlot;

namespace Suanwang.Simulation.Reporting.Plots;

/// <summary>One number per policy as horizontal bars (horizontal so long policy names fit), each labelled with its value.</summary>
internal static class PolicyBarPlot
{
    /// <summary>A reference value drawn as a dashed vertical line, e.g. a lower bound.</summary>
    public sealed record Reference(double Value, string Label);

    /// <summary>Renders the bars.</summary>
    /// <param name="context">The report.</param>
    /// <param name="id">Figure id.</param>
    /// <param name="title">Heading.</param>
    /// <param name="axisLabel">Value axis label, with unit.</param>
    /// <param name="value">The plotted value of a policy.</param>
    /// <param name="format">The bar's label.</param>
    /// <param name="caption">How to read it.</param>
    /// <param name="reference">Optional reference line.</param>
    /// <param name="maxValue">Least end of the value axis (e.g. 100 for percentages), or null to fit the data.</param>
    public static Figure Render(ReportContext context, string id, string title, string axisLabel,
        Func<PolicyView, double> value, Func<double, string> format, string caption,
        Reference? reference = null, double? maxValue = null)
    {
        var plot = PlotTheme.NewPlot();
        int count = context.Policies.Count;
        var bars = context.Policies.Select(p =>
        {
            double v = value(p);
            return new Bar
            {
                // First policy on top, as in the tables.
                Position = count - 1 - p.Index,
                Value = double.IsFinite(v) ? v : 0,
                FillColor = Color.FromHex(p.Color),
                LineWidth = 0,
                Label = format(v),
                Size = 0.7,
            };
        }).ToArray();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 12;

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            context.Policies.Select(p => (double)(count - 1 - p.Index)).ToArray(),
            context.Policies.Select(p => p.PlotLabel).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;

        double dataTop = Math.Max(
            bars.Length == 0 ? 0 : bars.Max(b => b.Value),
            reference is { Value: var r } && double.IsFinite(r) ? r : 0);
        // Room on the right for the value labels.
        double top = Math.Max(maxValue ?? 0, dataTop * 1.18);
        var shownReference = reference is { Value: var referenceValue } && double.IsFinite(referenceValue) ? reference : null;
        bool hasReference = shownReference is not null;
        // With a reference line, an empty row at the bottom holds its legend clear of the bars.
        plot.Axes.SetLimits(0, top <= 0 ? 1 : top, hasReference ? -1.5 : -0.6, count - 0.4);

        if (shownReference is not null)
        {
            var line = plot.Add.VerticalLine(shownReference.Value, 2, Color.FromHex(Palette.Reference), LinePattern.Dashed);
            line.LegendText = shownReference.Label;
            PlotTheme.Legend(plot, Alignment.LowerRight);
        }

        PlotTheme.Labels(plot, axisLabel, "");
        int height = 90 + 44 * (Math.Max(2, count) + (hasReference ? 1 : 0));
        return new Figure(id, title, PlotTheme.ToSvg(plot, id, PlotTheme.HalfWidth, height, title), caption);
    }
}
