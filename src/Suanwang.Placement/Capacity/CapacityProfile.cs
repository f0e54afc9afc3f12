namespace Suanwang.Placement.Capacity;

/// <summary>
/// A pool's free capacity over time: a step function built from its total capacity minus the
/// running and reserved work. Answers "when is the earliest time this demand fits for this long?"
/// — the backfill-aware queue-wait estimate. The placement core only queries a profile; the
/// committer (broker or simulator) reserves and releases.
/// </summary>
/// <remarks>
/// Work inside a pool is treated as fluid (perfectly packed across its nodes): the center's own
/// engine packs nodes; the network-level scheduler reasons about amounts. See ADR 0002.
/// </remarks>
public sealed class CapacityProfile
{
    // Step k holds _free[k] on [_times[k], _times[k+1]); the last step runs to +∞.
    private readonly List<double> _times = new();
    private readonly List<ResourceVector> _free = new();
    // _suffixMin[k] = component-wise minimum of _free[k..]: lets a query stop as soon as the rest fits.
    private ResourceVector[] _suffixMin = Array.Empty<ResourceVector>();

    /// <summary>A profile with <paramref name="capacity"/> free at all times.</summary>
    public CapacityProfile(ResourceVector capacity)
    {
        Capacity = capacity;
        _times.Add(double.NegativeInfinity);
        _free.Add(capacity);
        RebuildSuffixMin();
    }

    /// <summary>The pool's total capacity.</summary>
    public ResourceVector Capacity { get; }

    /// <summary>Number of steps (a measure of how much work is committed).</summary>
    public int StepCount => _times.Count;

    /// <summary>Free capacity at <paramref name="time"/>.</summary>
    public ResourceVector FreeAt(double time) => _free[StepIndex(time)];

    /// <summary>
    /// The earliest instant at or after <paramref name="from"/> at which <paramref name="demand"/> is free
    /// for <paramref name="durationSeconds"/> without moving any reserved work; +∞ if it never fits.
    /// </summary>
    public double EarliestStart(in ResourceVector demand, double durationSeconds, double from)
    {
        if (!Capacity.Covers(demand)) return double.PositiveInfinity;
        int i = StepIndex(from);
        if (_suffixMin[i].Covers(demand)) return from;
        double candidate = from;
        int count = _times.Count;
        for (int j = i; j < count; j++)
        {
            double stepEnd = j + 1 < count ? _times[j + 1] : double.PositiveInfinity;
            if (_free[j].Covers(demand))
            {
                if (stepEnd >= candidate + durationSeconds || _suffixMin[j].Covers(demand)) return candidate;
            }
            else
            {
                candidate = stepEnd;
            }
        }
        return candidate;
    }

    /// <summary>True when <paramref name="demand"/> is free over all of [start, start + duration).</summary>
    public bool FitsAt(in ResourceVector demand, double durationSeconds, double start) =>
        EarliestStart(demand, durationSeconds, start) == start;

    /// <summary>Takes <paramref name="demand"/> out of the free capacity over [start, end).</summary>
    public void Reserve(double start, double end, in ResourceVector demand) => Apply(start, end, new ResourceVector(-demand.Accelerators, -demand.Cpus, -demand.MemoryGiB));

    /// <summary>Gives <paramref name="demand"/> back over [start, end) (e.g. a job finished early or was cancelled).</summary>
    public void Release(double start, double end, in ResourceVector demand) => Apply(start, end, demand);

    /// <summary>Forgets the history before <paramref name="now"/> so queries stay fast as time advances.</summary>
    public void TrimBefore(double now)
    {
        int i = StepIndex(now);
        if (i == 0) return;
        _times.RemoveRange(0, i);
        _free.RemoveRange(0, i);
        _times[0] = double.NegativeInfinity;
        RebuildSuffixMin();
    }

    private void Apply(double start, double end, ResourceVector delta)
    {
        if (!(end > start)) return;
        int first = Split(start);
        int last = double.IsPositiveInfinity(end) ? _times.Count : Split(end);
        for (int k = first; k < last; k++) _free[k] = _free[k] + delta;
        MergeEqualNeighbours(Math.Max(0, first - 1), Math.Min(_times.Count - 1, last));
        RebuildSuffixMin();
    }

    // Ensures a step starts exactly at t; returns its index.
    private int Split(double t)
    {
        int i = StepIndex(t);
        if (_times[i] == t) return i;
        _times.Insert(i + 1, t);
        _free.Insert(i + 1, _free[i]);
        return i + 1;
    }

    private void MergeEqualNeighbours(int from, int to)
    {
        for (int k = Math.Min(to, _times.Count - 1); k > from && k > 0; k--)
        {
            if (_free[k] == _free[k - 1])
            {
                _times.RemoveAt(k);
                _free.RemoveAt(k);
            }
        }
    }

    private void RebuildSuffixMin()
    {
        int n = _times.Count;
        if (_suffixMin.Length < n || _suffixMin.Length > 4 * n + 16) _suffixMin = new ResourceVector[Math.Max(4, n * 2)];
        _suffixMin[n - 1] = _free[n - 1];
        for (int k = n - 2; k >= 0; k--) _suffixMin[k] = ResourceVector.Min(_free[k], _suffixMin[k + 1]);
    }

    // Largest k with _times[k] <= t (step 0 starts at -∞).
    private int StepIndex(double t)
    {
        int count = _times.Count;
        if (count == 1 || t < _times[1]) return 0;
        if (t >= _times[count - 1]) return count - 1;
        int lo = 1, hi = count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_times[mid] <= t) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
