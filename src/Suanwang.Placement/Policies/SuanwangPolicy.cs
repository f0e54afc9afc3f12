using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// Suanwang's own policy: weighs completion time, cost and carbon, each as a ratio to the best
/// candidate's value, so every term is unit-free and a candidate's score does not depend on the
/// order centers are listed in. The job's carbon weight (0..1) shifts weight from time and cost to
/// carbon. Time deliberately deferred inside the job's flexible window counts only at
/// <see cref="DeferralTimeWeight"/> (the user offered it, but a short job should not wait hours to
/// save a few grams); a degraded center's completion time is inflated by <see cref="DegradedRiskFactor"/>.
/// </summary>
public sealed class SuanwangPolicy : IPlacementPolicy
{
    /// <summary>Completion time multiplier for a degraded (slow or failing) center.</summary>
    public const double DegradedRiskFactor = 1.25;

    /// <summary>How much a second of deliberate deferral counts against completion time, relative to a second of waiting.</summary>
    public const double DeferralTimeWeight = 0.1;

    /// <inheritdoc />
    public string Name => "suanwang";
    /// <inheritdoc />
    public string Description => "multi-objective: completion time (data transfer, queue, accelerator speed), cost and carbon, weighted by the job's carbon preference; defers flexible jobs to greener or cheaper hours";
    /// <inheritdoc />
    public PolicyBelief Belief => PolicyBelief.Truth;
    /// <inheritdoc />
    public bool DefersFlexibleJobs => true;

    /// <summary>The weights (time, cost, carbon) for a job, summing to 1.</summary>
    public static (double Time, double Cost, double Carbon) Weights(JobContext job)
    {
        double carbonWeight = Math.Clamp(job.Job.Preferences.CarbonWeight, 0, 1);
        double time = 1.0, cost = 0.6, carbon = 0.3 + 1.7 * carbonWeight;
        double sum = time + cost + carbon;
        return (time / sum, cost / sum, carbon / sum);
    }

    /// <summary>The completion time this policy counts: finish minus now, with chosen deferral discounted, inflated for degraded centers.</summary>
    public static double EffectiveCompletionSeconds(in CandidateEstimate c, double now)
    {
        double seconds = Math.Max(1.0, c.FinishSeconds - now - (1 - DeferralTimeWeight) * c.DeferredSeconds);
        return c.Degraded ? seconds * DegradedRiskFactor : seconds;
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
    {
        var (wTime, wCost, wCarbon) = Weights(job);
        var (bestTime, bestCost, bestCarbon) = Best(candidates, job.NowSeconds);
        for (int i = 0; i < candidates.Length; i++)
        {
            ref readonly var c = ref candidates[i];
            scores[i] = wTime * EffectiveCompletionSeconds(c, job.NowSeconds) / bestTime
                      + wCost * Math.Max(c.CostYuan, CostFloor) / bestCost
                      + wCarbon * Math.Max(c.CarbonGrams, CarbonFloor) / bestCarbon;
        }
    }

    /// <inheritdoc />
    public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job)
    {
        var (wTime, wCost, wCarbon) = Weights(job);
        return wTime * EffectiveCompletionSeconds(alternative, job.NowSeconds) / EffectiveCompletionSeconds(earliest, job.NowSeconds)
             + wCost * Math.Max(alternative.CostYuan, CostFloor) / Math.Max(earliest.CostYuan, CostFloor)
             + wCarbon * Math.Max(alternative.CarbonGrams, CarbonFloor) / Math.Max(earliest.CarbonGrams, CarbonFloor);
    }

    /// <inheritdoc />
    public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, ReadOnlySpan<CandidateEstimate> candidates, JobContext job)
    {
        var (wTime, wCost, wCarbon) = Weights(job);
        var (bestTime, bestCost, bestCarbon) = Best(candidates, job.NowSeconds);
        double now = job.NowSeconds;
        double loserTime = EffectiveCompletionSeconds(loser, now), winnerTime = EffectiveCompletionSeconds(winner, now);
        double dTime = wTime * (loserTime - winnerTime) / bestTime;
        double dCost = wCost * (Math.Max(loser.CostYuan, CostFloor) - Math.Max(winner.CostYuan, CostFloor)) / bestCost;
        double dCarbon = wCarbon * (Math.Max(loser.CarbonGrams, CarbonFloor) - Math.Max(winner.CarbonGrams, CarbonFloor)) / bestCarbon;
        if (dTime >= dCost && dTime >= dCarbon)
            return new("completion-time", $"finishes in {Hours(loserTime)} against {Hours(winnerTime)}{(loser.Degraded ? " (degraded center, risk-inflated)" : "")}");
        if (dCost >= dCarbon)
            return new("cost", $"costs ¥{loser.CostYuan:0.00} against ¥{winner.CostYuan:0.00}");
        return new("carbon", $"emits {loser.CarbonGrams / 1000:0.###} kg CO₂ against {winner.CarbonGrams / 1000:0.###} kg");
    }

    private const double CostFloor = 0.01;   // yuan: avoids dividing by a free candidate's zero
    private const double CarbonFloor = 1.0;  // gram: same for fully renewable power

    private static (double Time, double Cost, double Carbon) Best(ReadOnlySpan<CandidateEstimate> candidates, double now)
    {
        double time = double.MaxValue, cost = double.MaxValue, carbon = double.MaxValue;
        foreach (ref readonly var c in candidates)
        {
            time = Math.Min(time, EffectiveCompletionSeconds(c, now));
            cost = Math.Min(cost, Math.Max(c.CostYuan, CostFloor));
            carbon = Math.Min(carbon, Math.Max(c.CarbonGrams, CarbonFloor));
        }
        return (time, cost, carbon);
    }

    internal static string Hours(double seconds) => seconds >= 3600 ? $"{seconds / 3600:0.##} h" : $"{seconds / 60:0.#} min";
}
