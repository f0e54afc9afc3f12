using ScottPlot;

namespace Suanwang.Simulation.Reporting.Plots;

/// <summary>Mean bounded slowdown per tier, one bar per policy within each tier's group.</summary>
internal static class TierSlowdownPlot
{
    private const int Height = 420;

    /// <summary>The tiers in the order they first appear across policies.</summary>
    public static IReadOnlyList<string> Tiers(ReportContext context) =>
        context.Policies.SelectMany(p => p.Summary.Fairness.Tiers.Select(t => t.Name)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Renders the grouped bars.</summary>
    public static Figure Render(ReportContext context, string id, string title)
    {
        var plot = PlotTheme.NewPlot();
        var tiers = Tiers(context);
        int policies = context.Policies.Count;
        int stride = policies + 1; // one empty slot between groups

        var bars = new List<Bar>();
        foreach (var policy in context.Policies)
        {
            foreach (var tier in policy.Summary.Fairness.Tiers)
            {
                if (!double.IsFinite(tier.MeanSlowdown)) continue;
                int group = IndexOf(tiers, tier.Name);
                bars.Add(new Bar
                {
                    Position = group * stride + policy.Index,
                    Value = tier.MeanSlowdown,
                    FillColor = Color.FromHex(policy.Color),
                    LineWidth = 0,
                    Size = 0.85,
                });
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = policy.PlotLabel, FillColor = Color.FromHex(policy.Color) });
        }
        if (bars.Count > 0) plot.Add.Bars(bars);

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            tiers.Select((_, g) => g * stride + (policies - 1) / 2.0).ToArray(),
            tiers.Select((t, g) => PlotLabel.For(t, $"T{g + 1}")).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;

        var ideal = plot.Add.HorizontalLine(1, 1.5f, Color.FromHex(Palette.Reference), LinePattern.Dashed);
        ideal.LegendText = "no slowdown (1×)";
        double top = bars.Count == 0 ? 2 : Math.Max(2, bars.Max(b => b.Value)) * 1.1;
        plot.Axes.SetLimits(-1, Math.Max(1, tiers.Count * stride - 1), 0, top);

        PlotTheme.Labels(plot, "Tier", "Mean bounded slowdown (×)");
        // Outside the data area: grouped bars fill it, and a legend inside would hide the tallest.
        var legend = plot.ShowLegend(Edge.Right);
        legend.Legend.FontSize = 12;
        legend.Legend.OutlineColor = Colors.Transparent;
        legend.Legend.ShadowColor = Colors.Transparent;

        string caption = "Within each tier, each bar is one policy's mean slowdown ((completion − deliberate deferral) ÷ max(run time, 10 s)); "
            + "1× means jobs ran as if alone, and bars of similar height across tiers mean the policy shares delay fairly.";
        return new Figure(id, title, PlotTheme.ToSvg(plot, id, PlotTheme.HalfWidth, Height, title), caption);
    }

    private static int IndexOf(IReadOnlyList<string> tiers, string name)
    {
        for (int i = 0; i < tiers.Count; i++) if (tiers[i] == name) return i;
        return -1;
    }
}
