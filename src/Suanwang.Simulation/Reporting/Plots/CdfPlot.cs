using ScottPlot;
using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation.Reporting.Plots;

/// <summary>Cumulative distributions of a time per policy, one line each, on a log time axis.</summary>
internal static class CdfPlot
{
    private const int Height = 420;

    /// <summary>Renders the CDF of <paramref name="points"/> for every policy that has a series.</summary>
    /// <param name="context">The report.</param>
    /// <param name="id">Figure id.</param>
    /// <param name="title">Heading.</param>
    /// <param name="quantity">What is distributed, lower case (e.g. "wait").</param>
    /// <param name="points">Picks the (seconds, fraction) series from a policy's series.</param>
    public static Figure Render(ReportContext context, string id, string title, string quantity,
        Func<PolicySeries, IReadOnlyList<(double Value, double Fraction)>> points)
    {
        var plot = PlotTheme.NewPlot();
        double maxSeconds = 1;
        foreach (var policy in context.Policies)
        {
            if (policy.Series is null) continue;
            var cdf = Downsample.Points(points(policy.Series));
            if (cdf.Count == 0) continue;
            var xs = cdf.Select(p => TimeAxis.ToLog(p.Value)).ToArray();
            var ys = cdf.Select(p => p.Fraction * 100).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, Color.FromHex(policy.Color));
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = policy.PlotLabel;
            maxSeconds = Math.Max(maxSeconds, cdf.Max(p => p.Value));
        }

        TimeAxis.ApplyLog(plot, maxSeconds);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"]);
        plot.Axes.SetLimitsY(-2, 102);
        PlotTheme.Labels(plot, $"{Capitalise(quantity)} time (log scale)", $"Jobs with {quantity} ≤ x (%)");
        PlotTheme.Legend(plot, Alignment.LowerRight);

        string caption = $"Each line shows, for one policy, the share of jobs whose {quantity} was at most the time on the x axis; "
            + "a line further up and to the left is better, and its right-hand tail is the slowest jobs (times under 1 s are drawn at 1 s).";
        return new Figure(id, title, PlotTheme.ToSvg(plot, id, PlotTheme.HalfWidth, Height, title), caption);
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
