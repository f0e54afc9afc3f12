namespace Suanwang.Placement.Estimation;

/// <summary>
/// The predicted numbers for running one job on one pool, in physical units. Times are seconds
/// since the Unix epoch (see <see cref="Network.SimTime"/>).
/// </summary>
public struct CandidateEstimate
{
    /// <summary>Pool index in the compiled network.</summary>
    public int Pool;
    /// <summary>Center index in the compiled network.</summary>
    public int Center;
    /// <summary>When the job is handed to the center and its input transfer begins.</summary>
    public double DispatchSeconds;
    /// <summary>When it starts running.</summary>
    public double StartSeconds;
    /// <summary>When its output has arrived where it must go.</summary>
    public double FinishSeconds;
    /// <summary>Input transfer time: latency plus size over the path's bandwidth.</summary>
    public double StageInSeconds;
    /// <summary>Time waiting for capacity after the data arrived.</summary>
    public double QueueWaitSeconds;
    /// <summary>Time deliberately deferred to a greener or cheaper hour (part of the wait).</summary>
    public double DeferredSeconds;
    /// <summary>Run time on this pool's accelerators.</summary>
    public double RuntimeSeconds;
    /// <summary>Output transfer time.</summary>
    public double StageOutSeconds;
    /// <summary>Compute plus transfer cost, yuan.</summary>
    public double CostYuan;
    /// <summary>The part of <see cref="CostYuan"/> paid for moving data, yuan.</summary>
    public double TransferCostYuan;
    /// <summary>Facility energy (IT energy × PUE), kWh.</summary>
    public double EnergyKwh;
    /// <summary>Energy × grid intensity over the run's hours, grams CO₂.</summary>
    public double CarbonGrams;
    /// <summary>Site water for cooling: IT energy × the center's WUE, litres.</summary>
    public double WaterLitres;
    /// <summary>Mean renewable share of the power over the run, 0..1.</summary>
    public double RenewableShare;
    /// <summary>Pool's dominant utilisation now, 0..1 (for load-based policies).</summary>
    public double LoadFraction;
    /// <summary>True if the center is degraded (slow or failing API).</summary>
    public bool Degraded;

    /// <summary>Seconds from the decision to the finish.</summary>
    public readonly double CompletionSeconds(double now) => FinishSeconds - now;
}
