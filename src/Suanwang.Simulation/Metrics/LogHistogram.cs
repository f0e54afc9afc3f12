namespace Suanwang.Simulation.Metrics;

/// <summary>
/// A histogram with buckets 1% wide on a log scale, so percentiles of millions of values take
/// constant memory (about 2,000 counters) and are within 1% of the exact value; the mean is exact.
/// </summary>
public sealed class LogHistogram
{
    private const double Growth = 1.01;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _counts = new long[2400];
    private double _sum;

    /// <summary>Number of values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Exact mean (0 when empty).</summary>
    public double Mean => Count == 0 ? 0 : _sum / Count;

    /// <summary>Largest value recorded.</summary>
    public double Max { get; private set; }

    /// <summary>Records a non-negative value (negatives count as 0).</summary>
    public void Add(double value)
    {
        value = Math.Max(0, value);
        _counts[Bucket(value)]++;
        _sum += value;
        Count++;
        Max = Math.Max(Max, value);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), or 0 when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0) return 0;
        long rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(Representative(i), Max);
        }
        return Max;
    }

    /// <summary>Points (value, fraction of values ≤ value) of the cumulative distribution, one per non-empty bucket.</summary>
    public IReadOnlyList<(double Value, double Fraction)> Cdf()
    {
        var points = new List<(double, double)>();
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0) continue;
            seen += _counts[i];
            points.Add((Math.Min(Representative(i), Max), seen / (double)Count));
        }
        return points;
    }

    // Bucket 0 holds [0, 1); bucket k ≥ 1 holds [1.01^(k-1), 1.01^k).
    private int Bucket(double value)
    {
        if (value < 1) return 0;
        int k = 1 + (int)(Math.Log(value) / LogGrowth);
        return Math.Min(k, _counts.Length - 1);
    }

    private static double Representative(int bucket) =>
        bucket == 0 ? 0.5 : Math.Pow(Growth, bucket - 0.5);
}
