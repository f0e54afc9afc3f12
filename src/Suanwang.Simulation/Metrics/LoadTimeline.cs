namespace Suanwang.Simulation.Metrics;

/// <summary>
/// Busy capacity per center over time, in fixed buckets: each run adds its accelerator-seconds (or
/// core-seconds for CPU pools) to the buckets it overlaps.
/// </summary>
public sealed class LoadTimeline
{
    private readonly double _originSeconds;
    private readonly double _bucketSeconds;
    private readonly List<double>[] _busy;

    /// <summary>A timeline for <paramref name="centers"/> centers starting at <paramref name="originSeconds"/>.</summary>
    public LoadTimeline(int centers, double originSeconds, double bucketSeconds)
    {
        _originSeconds = originSeconds;
        _bucketSeconds = bucketSeconds;
        _busy = Enumerable.Range(0, centers).Select(_ => new List<double>()).ToArray();
    }

    /// <summary>Start of bucket 0, seconds since epoch.</summary>
    public double OriginSeconds => _originSeconds;

    /// <summary>Bucket width.</summary>
    public double BucketSeconds => _bucketSeconds;

    /// <summary>Adds <paramref name="units"/> busy over [start, end) at <paramref name="center"/>.</summary>
    public void Add(int center, double start, double end, double units)
    {
        if (!(end > start) || units <= 0) return;
        var series = _busy[center];
        int first = Math.Max(0, (int)Math.Floor((start - _originSeconds) / _bucketSeconds));
        int last = Math.Max(0, (int)Math.Floor((end - _originSeconds) / _bucketSeconds));
        while (series.Count <= last) series.Add(0);
        for (int b = first; b <= last; b++)
        {
            double bucketStart = _originSeconds + b * _bucketSeconds;
            double overlap = Math.Min(end, bucketStart + _bucketSeconds) - Math.Max(start, bucketStart);
            if (overlap > 0) series[b] += units * overlap;
        }
    }

    /// <summary>Per center, per bucket: mean busy units over the bucket.</summary>
    public double[][] MeanBusyUnits() =>
        _busy.Select(s => s.Select(v => v / _bucketSeconds).ToArray()).ToArray();
}
