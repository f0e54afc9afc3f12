using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// Lower bounds of one pool's objectives, computed without a capacity lookup or a signal integral:
/// completion with no queueing, cost at the center's cheapest hour, carbon at its cleanest hour.
/// Whatever the queue or the start hour, the pool's real figures are at least these.
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
    /// <summary>Lower bound of the policy's score.</summary>
    public double Score;
}

/// <summary>
/// A policy whose score for a candidate depends only on that candidate. The engine can then skip the exact estimate of any pool
/// whose bound cannot beat the best exact score found (branch and bound), and the answer is the
/// same as evaluating every pool.
/// </summary>
public interface IBoundedPolicy : IPlacementPolicy
{
    /// <summary>Fills each bound's <see cref="CandidateBound.Score"/>: a lower bound of the pool's exact score.</summary>
    void PrepareBounds(Span<CandidateBound> bounds, JobContext job);

    /// <summary>The exact score of one candidate.</summary>
    double Score(in CandidateEstimate candidate, JobContext job);
}
