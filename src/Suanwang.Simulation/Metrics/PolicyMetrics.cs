using Suanwang.Model.Network;
using Suanwang.Placement.Network;

namespace Suanwang.Simulation.Metrics;

/// <summary>Per-tier running totals, for fairness.</summary>
public sealed class TierTally
{
    /// <summary>Jobs completed.</summary>
    public long Jobs;
    /// <summary>Sum of bounded slowdowns.</summary>
    public double SlowdownSum;
    /// <summary>Sum of waits, seconds.</summary>
    public double WaitSum;
    /// <summary>Work received, reference unit-hours.</summary>
    public double Work;
}

/// <summary>
/// Everything measured about one policy's run, accumulated job by job in constant memory
/// (histograms, sums and a per-center load timeline).
/// </summary>
public sealed class PolicyMetrics
{
    /// <summary>Runs shorter than this count as this long in slowdowns (the usual bounded-slowdown threshold).</summary>
    public const double SlowdownFloorSeconds = 10;

    /// <summary>A tally for a run on <paramref name="network"/>.</summary>
    public PolicyMetrics(CompiledNetwork network, double originSeconds, double bucketSeconds)
    {
        Timeline = new LoadTimeline(network.CenterCount, originSeconds, bucketSeconds);
        CenterWork = new double[network.CenterCount];
        CenterJobs = new long[network.CenterCount];
    }

    /// <summary>Job completion time (submit → output delivered), seconds.</summary>
    public LogHistogram CompletionSeconds { get; } = new();
    /// <summary>Wait for capacity: from submission to start, less the input transfer and any deliberate deferral, seconds.</summary>
    public LogHistogram WaitSeconds { get; } = new();
    /// <summary>Deliberate deferral of the jobs that were deferred, seconds.</summary>
    public LogHistogram DeferralSeconds { get; } = new();
    /// <summary>Input transfer, seconds.</summary>
    public LogHistogram StageInSeconds { get; } = new();
    /// <summary>Slowdown, bounded.</summary>
    public LogHistogram Slowdown { get; } = new();
    /// <summary>Per-center busy units over time.</summary>
    public LoadTimeline Timeline { get; }
    /// <summary>Per-center work (reference unit-hours).</summary>
    public double[] CenterWork { get; }
    /// <summary>Per-center job count.</summary>
    public long[] CenterJobs { get; }
    /// <summary>Per-tier tallies.</summary>
    public SortedDictionary<string, TierTally> Tiers { get; } = new(StringComparer.Ordinal);

    /// <summary>Jobs submitted.</summary>
    public long Submitted;
    /// <summary>Jobs that no center could ever take.</summary>
    public long Unplaceable;
    /// <summary>Jobs refused because no center could meet their deadline or price ceiling any more.</summary>
    public long RejectedConstraint;
    /// <summary>Jobs completed.</summary>
    public long Completed;
    /// <summary>Jobs deliberately deferred to a better hour.</summary>
    public long Deferred;
    /// <summary>Jobs with a deadline.</summary>
    public long WithDeadline;
    /// <summary>Jobs that finished after their deadline.</summary>
    public long MissedDeadline;
    /// <summary>Total cost, yuan.</summary>
    public double CostYuan;
    /// <summary>Total facility energy, kWh.</summary>
    public double EnergyKwh;
    /// <summary>Renewable energy, kWh.</summary>
    public double RenewableKwh;
    /// <summary>Total carbon, grams.</summary>
    public double CarbonGrams;
    /// <summary>Total site water for cooling, litres.</summary>
    public double WaterLitres;
    /// <summary>Work in western hubs, reference unit-hours.</summary>
    public double WesternWork;
    /// <summary>All work, reference unit-hours.</summary>
    public double Work;
    /// <summary>Accelerator-seconds used on accelerator pools.</summary>
    public double AcceleratorSeconds;
    /// <summary>Core-seconds used by CPU-only jobs on CPU pools.</summary>
    public double CpuPoolCoreSeconds;
    /// <summary>Predicted minus actual finish, seconds (absolute), summed.</summary>
    public double FinishErrorSecondsSum;
    /// <summary>First submission, seconds since epoch.</summary>
    public double FirstSubmitSeconds = double.PositiveInfinity;
    /// <summary>Last finish, seconds since epoch.</summary>
    public double LastFinishSeconds = double.NegativeInfinity;

    /// <summary>The tally for <paramref name="tier"/>.</summary>
    public TierTally Tier(string tier)
    {
        if (!Tiers.TryGetValue(tier, out var tally)) Tiers[tier] = tally = new TierTally();
        return tally;
    }
}
