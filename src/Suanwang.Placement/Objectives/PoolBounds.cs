using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;

namespace Suanwang.Placement.Objectives;

/// <summary>
/// What every objective's lower bound is built from, for each pool the static filters admitted: the
/// pool and the logarithms of the job's run time on it and of its units × hours. Filled by the engine
/// once per decision (scratch it reuses; one per engine).
/// </summary>
public sealed class PoolBounds
{
    private int[] _pools = [];
    private double[] _logRuntimeSeconds = [];
    private double[] _logUnitHours = [];

    /// <summary>The job being placed (transfer figures per region).</summary>
    public JobContext Job { get; private set; } = null!;
    /// <summary>The network.</summary>
    public CompiledNetwork Network => Job.Network;
    /// <summary>How many pools are bounded.</summary>
    public int Count { get; private set; }
    /// <summary>Pool index of the k-th bounded pool.</summary>
    public ReadOnlySpan<int> Pools => _pools.AsSpan(0, Count);
    /// <summary>ln of the job's run time on the k-th pool, seconds.</summary>
    public ReadOnlySpan<double> LogRuntimeSeconds => _logRuntimeSeconds.AsSpan(0, Count);
    /// <summary>
    /// ln of units × run hours on the k-th pool, a unit being one of the job's accelerators (a core on a CPU
    /// pool): with a pool's per-unit hourly figure (price, power) it bounds the run's total from below.
    /// </summary>
    public ReadOnlySpan<double> LogUnitHours => _logUnitHours.AsSpan(0, Count);

    /// <summary>Fills the bounds' inputs for the pools with <paramref name="admitted"/>[p] true.</summary>
    internal void Prepare(JobContext job, ReadOnlySpan<bool> admitted)
    {
        Job = job;
        var network = job.Network;
        int pools = network.PoolCount;
        if (_pools.Length < pools)
        {
            _pools = new int[pools];
            _logRuntimeSeconds = new double[pools];
            _logUnitHours = new double[pools];
        }
        double logReference = job.LogReferenceRuntimeSeconds;
        double logHoursPerSecond = -Math.Log(3600.0);
        double logAccelerators = job.LogAccelerators, logCpus = job.LogCpus;
        double speedMatters = job.RuntimeScalesWithSpeed ? 1.0 : 0.0;
        var isCpu = network.PoolIsCpu;
        var logInverseSpeed = network.PoolLogInverseSpeed;
        int n = 0;
        for (int p = 0; p < pools; p++)
        {
            if (!admitted[p]) continue;
            double logRuntime = logReference + speedMatters * logInverseSpeed[p];
            _pools[n] = p;
            _logRuntimeSeconds[n] = logRuntime;
            _logUnitHours[n] = (isCpu[p] ? logCpus : logAccelerators) + logRuntime + logHoursPerSecond;
            n++;
        }
        Count = n;
    }

    // Math.Max also orders NaN and signed zeros; bounds have neither, and this runs per pool per decision.
    internal static double Larger(double a, double b) => a > b ? a : b;
}
