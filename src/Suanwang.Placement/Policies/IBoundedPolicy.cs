using Suanwang.Placement.Estimation;
using Suanwang.Placement.Objectives;

namespace Suanwang.Placement.Policies;

/// <summary>A pool and a lower bound of its score.</summary>
public struct CandidateBound
{
    /// <summary>Pool index.</summary>
    public int Pool;
    /// <summary>Lower bound of the policy's score for the pool.</summary>
    public double Score;
}

/// <summary>
/// A policy whose score is Σ weight · ln max(value, floor) over its <see cref="Objectives"/>, so a
/// candidate's score depends on that candidate only. Each objective bounds its term from below for every
/// pool without estimating it (<see cref="IObjective.AddLowerBounds"/>); the engine then estimates exactly
/// only the pools whose bound could still win (branch and bound): the same answer as estimating every pool.
/// </summary>
public interface IBoundedPolicy : IPlacementPolicy
{
    /// <summary>The objectives the score weighs, in the order <see cref="WeightsFor"/> fills their weights.</summary>
    IReadOnlyList<IObjective> Objectives { get; }

    /// <summary>Fills <paramref name="weights"/>[i] with the weight of <see cref="Objectives"/>[i] for <paramref name="job"/>.</summary>
    void WeightsFor(JobContext job, Span<double> weights);

    /// <summary>The exact score of one candidate.</summary>
    double Score(in CandidateEstimate candidate, JobContext job);
}
