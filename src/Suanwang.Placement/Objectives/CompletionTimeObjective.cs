using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Objectives;

/// <summary>
/// Completion time: from the decision until the job's output has arrived, seconds. Time deliberately
/// deferred inside the job's flexible window counts only at <see cref="DeferralTimeWeight"/> (the user
/// offered it, but a short job should not wait hours to save a few grams); a degraded center's completion
/// time is inflated by <see cref="DegradedRiskFactor"/>.
/// </summary>
public sealed class CompletionTimeObjective : IObjective
{
    /// <summary>Completion time multiplier for a degraded (slow or failing) center.</summary>
    public const double DegradedRiskFactor = 1.25;

    /// <summary>How much a second of deliberate deferral counts against completion time, relative to a second of waiting.</summary>
    public const double DeferralTimeWeight = 0.1;

    /// <summary>The objective's name.</summary>
    public const string ObjectiveName = "completion-time";

    /// <inheritdoc />
    public string Name => ObjectiveName;
    /// <inheritdoc />
    public LossCode Code => LossCode.Slower;
    /// <inheritdoc />
    public string Unit => "s";
    /// <inheritdoc />
    public double Floor => 1.0;

    /// <summary>The completion time counted: finish minus now, with chosen deferral discounted, at least 1 s, inflated for degraded centers.</summary>
    public static double EffectiveCompletionSeconds(in CandidateEstimate c, double now)
    {
        double seconds = Math.Max(1.0, c.FinishSeconds - now - (1 - DeferralTimeWeight) * c.DeferredSeconds);
        return c.Degraded ? seconds * DegradedRiskFactor : seconds;
    }

    /// <inheritdoc />
    public double Value(in CandidateEstimate candidate, JobContext job) => EffectiveCompletionSeconds(candidate, job.NowSeconds);

    /// <inheritdoc />
    public string LossText(in CandidateEstimate loser) =>
        loser.Degraded ? "finishes later (degraded center: completion time inflated for risk)" : "finishes later";

    /// <summary>At least the run time and at least the data transfer (the wait, deferral discount included, is never negative).</summary>
    public void AddLowerBounds(PoolBounds pools, double weight, Span<double> scores)
    {
        var pool = pools.Pools;
        var logRuntime = pools.LogRuntimeSeconds;
        var region = pools.Network.PoolRegion;
        var logTransferSeconds = pools.Job.LogTransferSecondsByRegion;
        for (int k = 0; k < pool.Length; k++)
        {
            double logTime = PoolBounds.Larger(logRuntime[k], logTransferSeconds[region[pool[k]]]);
            scores[k] += weight * PoolBounds.Larger(0.0, logTime); // ln of the 1 s floor
        }
    }
}
