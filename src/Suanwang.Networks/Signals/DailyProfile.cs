namespace Suanwang.Networks.Signals;

/// <summary>
/// Daily shapes: 24 numbers, one per local hour, with mean 1. A modelled signal is an annual
/// figure times such a shape, so the annual mean is kept while the hours follow a real grid's rhythm.
/// </summary>
public static class DailyProfile
{
    /// <summary>Hours in a day.</summary>
    public const int Hours = 24;

    /// <summary>
    /// The mean value at each local hour (0..23) over all the given series, divided by the overall
    /// mean so the 24 numbers average 1. Local hour = UTC hour + <paramref name="utcOffsetHours"/>
    /// (standard time, no daylight saving; fractional offsets round down to the hour).
    /// </summary>
    /// <exception cref="ArgumentException">No values, or a mean of zero.</exception>
    public static IReadOnlyList<double> MeanByLocalHour(IEnumerable<HourlySeries> series, double utcOffsetHours)
    {
        var sums = new double[Hours];
        var counts = new long[Hours];
        foreach (var s in series)
        {
            for (int i = 0; i < s.Values.Count; i++)
            {
                double utcHours = s.Start.UtcDateTime.TimeOfDay.TotalHours + i + utcOffsetHours;
                int hour = (int)(((Math.Floor(utcHours) % Hours) + Hours) % Hours);
                sums[hour] += s.Values[i];
                counts[hour]++;
            }
        }
        if (counts.Any(c => c == 0)) throw new ArgumentException("the series do not cover every hour of the day", nameof(series));
        var means = new double[Hours];
        for (int h = 0; h < Hours; h++) means[h] = sums[h] / counts[h];
        return Normalise(means);
    }

    /// <summary>Scales <paramref name="shape"/> so its values average 1.</summary>
    /// <exception cref="ArgumentException">The mean is not positive.</exception>
    public static IReadOnlyList<double> Normalise(IReadOnlyList<double> shape)
    {
        double mean = shape.Average();
        if (!(mean > 0)) throw new ArgumentException("a daily shape needs a positive mean", nameof(shape));
        return shape.Select(v => v / mean).ToArray();
    }
}
