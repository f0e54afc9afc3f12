using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// Lower bounds of one pool's objectives, computed without a capacity lookup or a signal integral:
/// completion with no queueing, cost at the center's cheapest hour, carbon at its cleanest hour.
/// Whatever the queue or the start hour, the pool's real figures are at least these. Also the
/// pool's nominal cost and carbon (at the average hour), which policies may normalise by.
/// </summary>
public struct CandidateBound
{
    /// <summary>Pool index.</summary>
    public int Pool;
    /// <summary>Lower bound of the completion time the policy counts, seconds.</summary>
    public double CompletionSeconds;
    /// <summary>Lower bound of the cost, yuan.</summary>
    public double CostYuan;
    /// <summary>Lower bound of the carbon, grams.</summary>
    public double CarbonGrams;
    /// <summary>Cost at the center's average hour, yuan: what the pool typically costs, for normalising.</summary>
    public double NominalCostYuan;
    /// <summary>Carbon at the center's average intensity, grams: what the pool typically emits, for normalising.</summary>
    public double NominalCarbonGrams;
    /// <summary>Lower bound of the policy's score.</summary>
    public double Score;
}

/// <summary>
/// A policy whose score for a candidate depends only on that candidate and on normalisers fixed from
/// the lower bounds of every admitted pool. The engine can then skip the exact estimate of any pool
/// whose bound cannot beat the best exact score found (branch and bound), and the answer is the
/// same as evaluating every pool.
/// </summary>
public interface IBoundedPolicy : IPlacementPolicy
{
    /// <summary>Fixes this decision's normalisers from the bounds of every admitted pool and fills each bound's <see cref="CandidateBound.Score"/>.</summary>
    void PrepareBounds(Span<CandidateBound> bounds, JobContext job);

    /// <summary>The exact score of one candidate (after <see cref="PrepareBounds"/>).</summary>
    double Score(in CandidateEstimate candidate, JobContext job);
}
