using ScottPlot;
using ScottPlot.TickGenerators;

namespace Suanwang.Simulation.Reporting.Plots;

/// <summary>Time axes in units people read: a log axis ticked at 1 s, 1 min, 1 h, 1 d…, and a linear one in hours or days.</summary>
internal static class TimeAxis
{
    private static readonly (double Seconds, string Label)[] LogTicks =
    [
        (1, "1 s"), (10, "10 s"), (60, "1 min"), (600, "10 min"), (3600, "1 h"), (6 * 3600, "6 h"),
        (86400, "1 d"), (7 * 86400, "1 wk"), (30 * 86400, "30 d"), (365 * 86400, "1 yr"),
    ];

    /// <summary>Shortest span a log axis covers, seconds, so a trace of short waits still shows a readable axis.</summary>
    public const double MinLogSpanSeconds = 60;

    /// <summary>Where <paramref name="seconds"/> sits on the log axis; values under 1 s are drawn at 1 s (log 0 is undefined).</summary>
    public static double ToLog(double seconds) => Math.Log10(Math.Max(1, seconds));

    /// <summary>Ticks the bottom axis of <paramref name="plot"/> for log10 seconds from 1 s to <paramref name="maxSeconds"/>.</summary>
    public static void ApplyLog(Plot plot, double maxSeconds)
    {
        double top = ToLog(Math.Max(MinLogSpanSeconds, maxSeconds)) * 1.02;
        var ticks = new NumericManual();
        foreach (var (seconds, label) in LogTicks)
            if (ToLog(seconds) <= top) ticks.AddMajor(ToLog(seconds), label);
        // Minor ticks at 2…9 × each decade give the eye the log scale.
        for (int decade = 0; decade <= (int)top; decade++)
        {
            for (int m = 2; m <= 9; m++)
            {
                double position = decade + Math.Log10(m);
                if (position <= top) ticks.AddMinor(position);
            }
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(0, top);
    }

    /// <summary>Hours for spans up to three days, days beyond.</summary>
    public static (double SecondsPerUnit, string Unit) LinearUnit(double spanSeconds) =>
        spanSeconds <= 72 * 3600 ? (3600, "h") : (86400, "d");
}
