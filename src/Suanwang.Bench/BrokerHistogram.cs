using System.Globalization;

namespace Suanwang.Bench;

/// <summary>
/// One of the broker's Prometheus histograms as read from its metrics page: cumulative counts per bucket bound. Two
/// readings, before and after a phase, give that phase's observations (<see cref="Since"/>).
/// </summary>
public sealed class BrokerHistogram
{
    private readonly SortedDictionary<double, double> _cumulative;

    private BrokerHistogram(SortedDictionary<double, double> cumulative) => _cumulative = cumulative;

    /// <summary>Observations counted.</summary>
    public double Count => _cumulative.Count == 0 ? 0 : _cumulative.Values.Max();

    /// <summary>Reads histogram <paramref name="name"/> (its <c>_bucket</c> lines, any labels summed) from a metrics page.</summary>
    public static BrokerHistogram Parse(string metricsText, string name)
    {
        var buckets = new SortedDictionary<double, double>();
        string prefix = name + "_bucket{";
        foreach (string line in metricsText.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal)) continue;
            int le = line.IndexOf("le=\"", StringComparison.Ordinal);
            int close = le < 0 ? -1 : line.IndexOf('"', le + 4);
            int space = line.LastIndexOf(' ');
            if (close < 0 || space < close) continue;
            string bound = line[(le + 4)..close];
            double upper = bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture);
            double count = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            buckets[upper] = buckets.GetValueOrDefault(upper) + count;
        }
        return new BrokerHistogram(buckets);
    }

    /// <summary>The observations made since <paramref name="earlier"/> (a reading of the same histogram).</summary>
    public BrokerHistogram Since(BrokerHistogram earlier)
    {
        var diff = new SortedDictionary<double, double>();
        foreach (var (bound, count) in _cumulative) diff[bound] = count - earlier._cumulative.GetValueOrDefault(bound);
        return new BrokerHistogram(diff);
    }

    /// <summary>The bucket bound at or below which a share <paramref name="q"/> of observations fell (an upper bound of the quantile), in the histogram's unit; NaN when empty.</summary>
    public double QuantileBound(double q)
    {
        double total = Count;
        if (total <= 0) return double.NaN;
        foreach (var (bound, count) in _cumulative)
            if (count >= q * total) return bound;
        return double.PositiveInfinity;
    }
}
