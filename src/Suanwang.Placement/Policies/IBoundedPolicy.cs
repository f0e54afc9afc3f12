using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// The weights of a score of the form w_time·ln T + w_cost·ln max(C, cost floor) + w_carbon·ln max(G, carbon floor)
/// (T the completion seconds the policy counts, at least 1 s; C yuan; G grams).
/// </summary>
/// <param name="Time">Weight of ln(completion seconds).</param>
/// <param name="Cost">Weight of ln(cost).</param>
/// <param name="Carbon">Weight of ln(carbon).</param>
/// <param name="LogCostFloor">ln of the smallest cost the score distinguishes.</param>
/// <param name="LogCarbonFloor">ln of the smallest carbon the score distinguishes.</param>
public readonly record struct LogLinearWeights(double Time, double Cost, double Carbon, double LogCostFloor, double LogCarbonFloor);

/// <summary>A pool and a lower bound of its score.</summary>
public struct CandidateBound
{
    /// <summary>Pool index.</summary>
    public int Pool;
    /// <summary>Lower bound of the policy's score for the pool.</summary>
    public double Score;
}

/// <summary>
/// A policy whose score is log-linear in completion time, cost and carbon (<see cref="LogLinearWeights"/>),
/// so a candidate's score depends on that candidate only. From precomputed logs the engine bounds every
/// pool's score from below without estimating it — completion is at least the run time and at least the
/// data transfer; cost at least the cheapest hour's compute and at least the transfer; carbon at least
/// the devices' power at the cleanest hour — and then estimates exactly only the pools whose bound could
/// still win (branch and bound): the same answer as estimating every pool.
/// </summary>
public interface IBoundedPolicy : IPlacementPolicy
{
    /// <summary>The weights for <paramref name="job"/>.</summary>
    LogLinearWeights WeightsFor(JobContext job);

    /// <summary>The exact score of one candidate.</summary>
    double Score(in CandidateEstimate candidate, JobContext job);
}
