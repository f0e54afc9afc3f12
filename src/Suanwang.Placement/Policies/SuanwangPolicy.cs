using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// Suanwang's own policy: minimises the weighted geometric mean of completion time, cost and carbon
/// (Σ w·ln x), so units drop out, a 2× difference weighs the same in every objective, a candidate's
/// score depends on its own figures only, and the order centers are listed in cannot matter
/// (ADR 0004). The job's carbon weight (0..1) shifts weight from time and cost to carbon. Time
/// deliberately deferred inside the job's flexible window counts only at
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
    public LogLinearWeights WeightsFor(JobContext job)
    {
        var (wTime, wCost, wCarbon) = Weights(job);
        return new LogLinearWeights(wTime, wCost, wCarbon, LogCostFloor, LogCarbonFloor);
    }

    /// <inheritdoc />
    public double Score(in CandidateEstimate candidate, JobContext job)
    {
        var (wTime, wCost, wCarbon) = Weights(job);
        return wTime * Math.Log(EffectiveCompletionSeconds(candidate, job.NowSeconds))
             + wCost * Math.Log(Math.Max(candidate.CostYuan, CostFloor))
             + wCarbon * Math.Log(Math.Max(candidate.CarbonGrams, CarbonFloor));
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
    {
        for (int i = 0; i < candidates.Length; i++) scores[i] = Score(candidates[i], job);
    }

    /// <inheritdoc />
    public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job) =>
        Score(alternative, job); // the same score the candidates compete on, so a deferral is chosen exactly when it wins

    /// <inheritdoc />
    public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, JobContext job)
    {
        var (wTime, wCost, wCarbon) = Weights(job);
        double now = job.NowSeconds;
        double dTime = wTime * Math.Log(EffectiveCompletionSeconds(loser, now) / EffectiveCompletionSeconds(winner, now));
        double dCost = wCost * Math.Log(Math.Max(loser.CostYuan, CostFloor) / Math.Max(winner.CostYuan, CostFloor));
        double dCarbon = wCarbon * Math.Log(Math.Max(loser.CarbonGrams, CarbonFloor) / Math.Max(winner.CarbonGrams, CarbonFloor));
        // Constant texts: the numbers are in each candidate's plan, and formatting them for a
        // thousand losers would cost more than the decision itself.
        if (dTime >= dCost && dTime >= dCarbon)
            return new("completion-time", loser.Degraded ? "finishes later (degraded center: completion time inflated for risk)" : "finishes later");
        if (dCost >= dCarbon)
            return new("cost", "costs more");
        return new("carbon", "emits more CO₂");
    }

    private const double CostFloor = 0.01;   // yuan: a free candidate's zero has no logarithm
    private const double CarbonFloor = 1.0;  // gram: same for fully renewable power
    private static readonly double LogCostFloor = Math.Log(CostFloor);
    private static readonly double LogCarbonFloor = Math.Log(CarbonFloor);
}
