using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// Suanwang's own policy: weighs completion time, cost and carbon, each as a ratio to the best
/// nominal value among the admitted pools (completion with no queueing; cost and carbon at each
/// center's average hour), so every term is unit-free, a candidate's score depends on no other
/// candidate's exact figures, and the order centers are listed in does not matter (ADR 0004). The job's carbon weight (0..1) shifts weight from time and cost to
/// carbon. Time deliberately deferred inside the job's flexible window counts only at
/// <see cref="DeferralTimeWeight"/> (the user offered it, but a short job should not wait hours to
/// save a few grams); a degraded center's completion time is inflated by <see cref="DegradedRiskFactor"/>.
/// </summary>
public sealed class SuanwangPolicy : IBoundedPolicy
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
    public void PrepareBounds(Span<CandidateBound> bounds, JobContext job)
    {
        double time = double.MaxValue, cost = double.MaxValue, carbon = double.MaxValue;
        foreach (ref readonly var b in bounds)
        {
            time = Math.Min(time, b.CompletionSeconds);
            cost = Math.Min(cost, b.NominalCostYuan);
            carbon = Math.Min(carbon, b.NominalCarbonGrams);
        }
        var scratch = job.PolicyScratch;
        scratch[0] = Math.Max(1.0, time);
        scratch[1] = Math.Max(CostFloor, cost);
        scratch[2] = Math.Max(CarbonFloor, carbon);
        var (wTime, wCost, wCarbon) = Weights(job);
        (scratch[3], scratch[4], scratch[5]) = (wTime / scratch[0], wCost / scratch[1], wCarbon / scratch[2]);
        foreach (ref var b in bounds)
            b.Score = Combine(scratch, Math.Max(1.0, b.CompletionSeconds), b.CostYuan, b.CarbonGrams);
    }

    /// <inheritdoc />
    public double Score(in CandidateEstimate candidate, JobContext job) =>
        Combine(job.PolicyScratch, EffectiveCompletionSeconds(candidate, job.NowSeconds), candidate.CostYuan, candidate.CarbonGrams);

    /// <inheritdoc />
    public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
    {
        for (int i = 0; i < candidates.Length; i++) scores[i] = Score(candidates[i], job);
    }

    // Weighted ratios to the normalisers PrepareBounds left in the scratch (weights pre-divided).
    private static double Combine(double[] scratch, double completionSeconds, double costYuan, double carbonGrams) =>
        scratch[3] * completionSeconds + scratch[4] * Math.Max(costYuan, CostFloor) + scratch[5] * Math.Max(carbonGrams, CarbonFloor);

    /// <inheritdoc />
    public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job) =>
        Score(alternative, job); // the same score the candidates compete on, so a deferral is chosen exactly when it wins

    /// <inheritdoc />
    public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, ReadOnlySpan<CandidateEstimate> candidates, JobContext job)
    {
        var (wTime, wCost, wCarbon) = Weights(job);
        // PrepareBounds ran first and left this decision's normalisers here.
        double bestTime = job.PolicyScratch[0], bestCost = job.PolicyScratch[1], bestCarbon = job.PolicyScratch[2];
        double now = job.NowSeconds;
        double loserTime = EffectiveCompletionSeconds(loser, now), winnerTime = EffectiveCompletionSeconds(winner, now);
        double dTime = wTime * (loserTime - winnerTime) / bestTime;
        double dCost = wCost * (Math.Max(loser.CostYuan, CostFloor) - Math.Max(winner.CostYuan, CostFloor)) / bestCost;
        double dCarbon = wCarbon * (Math.Max(loser.CarbonGrams, CarbonFloor) - Math.Max(winner.CarbonGrams, CarbonFloor)) / bestCarbon;
        // Constant texts: the numbers are in each candidate's plan, and formatting them for a
        // thousand losers would cost more than the decision itself.
        if (dTime >= dCost && dTime >= dCarbon)
            return new("completion-time", loser.Degraded ? "finishes later (degraded center: completion time inflated for risk)" : "finishes later");
        if (dCost >= dCarbon)
            return new("cost", "costs more");
        return new("carbon", "emits more CO₂");
    }

    private const double CostFloor = 0.01;   // yuan: avoids dividing by a free candidate's zero
    private const double CarbonFloor = 1.0;  // gram: same for fully renewable power
}
