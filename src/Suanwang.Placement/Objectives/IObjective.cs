using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Objectives;

/// <summary>
/// One thing a weighted policy minimises, in physical units: completion time, cost, carbon, ….
/// The policy scores a candidate Σ weight · ln max(<see cref="Value"/>, <see cref="Floor"/>), so an
/// objective needs no normaliser; it also bounds that term from below for every pool without
/// estimating it, which is what lets the engine skip pools (branch and bound).
/// </summary>
/// <remarks>Objectives are stateless and shared: every member is pure.</remarks>
public interface IObjective
{
    /// <summary>
    /// Stable name: how its weight is given (<c>suanwang:water=0.5</c>) and the deciding factor of a
    /// candidate that lost on it, e.g. <c>cost</c>.
    /// </summary>
    string Name { get; }

    /// <summary>The code of a candidate that lost on this objective, e.g. <see cref="LossCode.Costlier"/>.</summary>
    LossCode Code { get; }

    /// <summary>Unit of <see cref="Value"/>, e.g. <c>yuan</c>.</summary>
    string Unit { get; }

    /// <summary>The smallest value the score tells apart (a free or carbon-free candidate's zero has no logarithm).</summary>
    double Floor { get; }

    /// <summary>The candidate's value as the policy counts it, in <see cref="Unit"/>.</summary>
    double Value(in CandidateEstimate candidate, JobContext job);

    /// <summary>
    /// Why a candidate that lost on this objective lost, in words. Constant texts: the numbers are in each
    /// candidate's plan, and formatting them for a thousand losers would cost more than the decision.
    /// </summary>
    string LossText(in CandidateEstimate loser);

    /// <summary>
    /// For every pool k of <paramref name="pools"/>: adds <paramref name="weight"/> · max(ln <see cref="Floor"/>, ln L)
    /// to <paramref name="scores"/>[k], where L is never above the pool's <see cref="Value"/> at any start. Runs for
    /// every admitted pool of every decision: array reads and additions of precomputed logs, no logarithm per pool.
    /// </summary>
    void AddLowerBounds(PoolBounds pools, double weight, Span<double> scores);
}
