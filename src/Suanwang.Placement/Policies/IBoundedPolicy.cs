using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// Lower bounds of the logarithms of one pool's objectives, computed from precomputed logs without a
/// capacity lookup, a signal integral or a logarithm: completion is at least the run time and at least
/// the data transfer; cost at least the cheapest hour's compute and at least the transfer; carbon at
/// least the accelerators' (or cores') power at the center's cleanest hour. Whatever the queue or the
/// start hour, the pool's real figures are at least these.
/// </summary>
public struct CandidateBound
{
    /// <summary>Pool index.</summary>
    public int Pool;
    /// <summary>Lower bound of ln(completion seconds the policy counts).</summary>
    public double LogCompletionSeconds;
    /// <summary>Lower bound of ln(cost, yuan).</summary>
    public double LogCostYuan;
    /// <summary>Lower bound of ln(carbon, grams).</summary>
    public double LogCarbonGrams;
    /// <summary>Lower bound of the policy's score.</summary>
    public double Score;
}

/// <summary>
/// A policy whose score for a candidate depends only on that candidate. The engine can then skip
/// the exact estimate of any pool whose bound cannot beat the best exact score found (branch and
/// bound), and the answer is the same as evaluating every pool.
/// </summary>
public interface IBoundedPolicy : IPlacementPolicy
{
    /// <summary>Fills each bound's <see cref="CandidateBound.Score"/>: a lower bound of the pool's exact score.</summary>
    void PrepareBounds(Span<CandidateBound> bounds, JobContext job);

    /// <summary>The exact score of one candidate.</summary>
    double Score(in CandidateEstimate candidate, JobContext job);
}
