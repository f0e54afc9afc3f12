using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Simulation.Metrics;

namespace Suanwang.Simulation.Summary;

/// <summary>Turns a policy's raw measurements into its summary and plot series.</summary>
public static class SummaryBuilder
{
    /// <summary>The summary of one policy's run.</summary>
    public static PolicySummary Build(IPlacementPolicy policy, PolicyMetrics m, CompiledNetwork network, LowerBounds bounds)
    {
        double makespan = m.Completed == 0 ? 0 : m.LastFinishSeconds - m.FirstSubmitSeconds;
        double acceleratorCapacity = 0, cpuPoolCores = 0;
        for (int p = 0; p < network.PoolCount; p++)
        {
            if (network.PoolIsCpu[p]) cpuPoolCores += network.PoolCapacity[p].Cpus;
            else acceleratorCapacity += network.PoolCapacity[p].Accelerators;
        }
        var settings = network.Definition.FairShare;
        var tiers = m.Tiers.Select(kv => new TierSummary(
            kv.Key,
            kv.Value.Jobs,
            Ratio(kv.Value.SlowdownSum, kv.Value.Jobs),
            Ratio(kv.Value.WaitSum, kv.Value.Jobs),
            Ratio(kv.Value.Work, m.Work),
            settings.Find(kv.Key)?.GuaranteedShare ?? 0)).ToList();
        var centerUnits = CenterCapacityUnits(network);
        var busy = m.Timeline.MeanBusyUnits();
        var centers = network.Centers.Select((c, i) => new CenterShare(
            c.Id,
            network.CenterIsWest[i],
            m.CenterJobs[i],
            Ratio(m.CenterWork[i], m.Work),
            Ratio(i < busy.Length ? busy[i].Sum() * m.Timeline.BucketSeconds : 0, centerUnits[i] * makespan))).ToList();
        double meanCompletion = m.CompletionSeconds.Mean;
        return new PolicySummary(
            policy.Name,
            policy.Description,
            m.Submitted,
            m.Completed,
            m.Unplaceable,
            m.RejectedConstraint,
            Distribution(m.CompletionSeconds),
            Distribution(m.WaitSeconds),
            m.StageInSeconds.Mean,
            makespan,
            Ratio(m.AcceleratorSeconds, acceleratorCapacity * makespan),
            Ratio(m.CpuPoolCoreSeconds, cpuPoolCores * makespan),
            m.CostYuan,
            m.EnergyKwh,
            m.CarbonGrams / 1000.0,
            m.WaterLitres,
            Ratio(m.RenewableKwh, m.EnergyKwh),
            Ratio(m.WesternWork, m.Work),
            new FairnessSummary(JainIndex(tiers.Select(t => t.MeanSlowdown).ToList()), tiers),
            m.WithDeadline,
            m.MissedDeadline,
            m.Deferred,
            m.DeferralSeconds.Mean,
            Ratio(m.FinishErrorSecondsSum, m.Completed),
            new BoundRatios(
                Ratio(meanCompletion, bounds.MeanCompletionNoQueueSeconds),
                Ratio(meanCompletion, bounds.MeanCompletionPooledSeconds),
                Ratio(Ratio(m.CarbonGrams / 1000.0, m.Completed), Ratio(bounds.CarbonGreenestKg, bounds.Jobs))),
            centers);
    }

    /// <summary>The plotted series of one policy's run.</summary>
    public static PolicySeries Series(string policy, PolicyMetrics m, CompiledNetwork network)
    {
        var units = CenterCapacityUnits(network);
        var busy = m.Timeline.MeanBusyUnits();
        var utilisation = busy.Select((series, c) => series.Select(v => units[c] > 0 ? v / units[c] : 0).ToArray()).ToList();
        return new PolicySeries(policy, m.WaitSeconds.Cdf(), m.CompletionSeconds.Cdf(), m.Timeline.OriginSeconds, m.Timeline.BucketSeconds, utilisation);
    }

    /// <summary>Jain's fairness index of <paramref name="values"/>: (Σx)² / (n·Σx²); 1 when all equal.</summary>
    public static double JainIndex(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 1;
        double sum = values.Sum(), squares = values.Sum(v => v * v);
        return squares == 0 ? 1 : sum * sum / (values.Count * squares);
    }

    /// <summary>What each figure in summary.json means.</summary>
    public static IReadOnlyDictionary<string, string> Definitions { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["completionSeconds"] = "job completion time: from submission until its output has arrived where it must go (input transfer + wait + run + output transfer). Percentiles from a log histogram with 1% buckets; means are exact.",
        ["waitSeconds"] = "time queued for capacity: from submission to start, less the input transfer and any deliberate deferral.",
        ["meanDeferralSeconds"] = "mean deliberate deferral of the deferred jobs: time a flexible job was held back, by the policy's choice and inside its window, for a greener or cheaper hour.",
        ["rejectedDeadlineOrPrice"] = "jobs refused because no center could still meet their deadline or price ceiling (as Slurm removes a job whose --deadline cannot be met).",
        ["meanStageInSeconds"] = "mean input transfer time: latency plus input size over the path's bottleneck bandwidth (link contention is not modelled).",
        ["makespanSeconds"] = "from the first submission to the last finish.",
        ["acceleratorUtilisation"] = "accelerator-seconds used ÷ (accelerators in the network × makespan).",
        ["cpuPoolUtilisation"] = "core-seconds of CPU-only jobs ÷ (cores in CPU pools × makespan).",
        ["costYuan"] = "compute (price per accelerator- and core-hour × hour-of-day multiplier) plus data transfer (price per GB along the path), yuan, for the runs as they happened.",
        ["energyKwh"] = "facility energy: (accelerator board power × accelerators + CPU watts per core × cores) × run hours × PUE.",
        ["carbonKg"] = "energy × the center's grid carbon intensity averaged over the hours the job ran (measured or modelled series, see the network file).",
        ["waterLitres"] = "site water the centers' cooling used for the runs as they happened: IT energy (facility energy ÷ PUE) × the center's water usage effectiveness (WUE, litres per kWh of IT energy, from the network file).",
        ["renewableShare"] = "energy-weighted mean of the centers' renewable share over the hours jobs ran.",
        ["westernShare"] = "share of the work (reference-accelerator-hours, or reference core-hours for CPU jobs) run in centers of western hubs.",
        ["fairness.jainIndexOfTierSlowdowns"] = "Jain's index of the tiers' mean bounded slowdowns ((completion − deliberate deferral) ÷ max(run time, 10 s)); 1 = every tier slowed equally.",
        ["missedDeadlines"] = "jobs with a deadline that finished after it (baselines that ignore data or speed can plan a job past its deadline).",
        ["deferredJobs"] = "jobs started later than they could have, by the policy's choice, for a greener or cheaper hour inside their flexible window.",
        ["meanAbsoluteFinishErrorSeconds"] = "mean |predicted finish at placement − actual finish|: how good the estimates were.",
        ["versusBounds"] = "the policy's mean completion time ÷ each completion bound, and its carbon ÷ the carbon bound (1.0 = optimal).",
        ["unplaceable"] = "jobs no center could ever take (no pool with the model, memory, size or residency they need).",
    };

    private static Distribution Distribution(LogHistogram h) => new(h.Mean, h.Quantile(0.50), h.Quantile(0.95), h.Quantile(0.99));

    private static double Ratio(double a, double b) => b > 0 ? a / b : 0;

    private static double[] CenterCapacityUnits(CompiledNetwork network)
    {
        var units = new double[network.CenterCount];
        for (int p = 0; p < network.PoolCount; p++)
            units[network.PoolCenter[p]] += network.PoolIsCpu[p] ? network.PoolCapacity[p].Cpus : network.PoolCapacity[p].Accelerators;
        return units;
    }
}
