namespace Suanwang.Placement.Network;

/// <summary>
/// The core computes with instants as seconds since the Unix epoch (double) so that the hot loop
/// avoids DateTimeOffset arithmetic; results are converted back at the edge.
/// </summary>
public static class SimTime
{
    /// <summary>Seconds since the Unix epoch.</summary>
    public static double ToSeconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;

    /// <summary>An instant from seconds since the Unix epoch (rounded to the tick).</summary>
    public static DateTimeOffset FromSeconds(double seconds) =>
        double.IsPositiveInfinity(seconds) ? DateTimeOffset.MaxValue : DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    /// <summary>The first whole hour at or after <paramref name="seconds"/>.</summary>
    public static double CeilToHour(double seconds) => Math.Ceiling(seconds / 3600.0) * 3600.0;
}
