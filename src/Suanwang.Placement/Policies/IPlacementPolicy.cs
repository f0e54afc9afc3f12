using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// What a policy assumes when it ranks centers. Baselines modelled on other systems do not see
/// everything Suanwang sees; the engine ranks with their belief, then plans the winner with the truth.
/// </summary>
/// <param name="IgnoresDataTransfer">Ranks as if inputs were already at every center (Slurm federation, MultiKueue).</param>
/// <param name="AssumesEqualSpeed">Ranks as if every accelerator ran at the reference speed (a price-only optimiser).</param>
public readonly record struct PolicyBelief(bool IgnoresDataTransfer, bool AssumesEqualSpeed)
{
    /// <summary>Sees everything.</summary>
    public static PolicyBelief Truth => default;
    /// <summary>True when the belief differs from the truth.</summary>
    public bool IsPartial => IgnoresDataTransfer || AssumesEqualSpeed;
}

/// <summary>Why a feasible candidate lost.</summary>
/// <param name="Code">What lost it, from the closed set programs read.</param>
/// <param name="Factor">The score that decided it, e.g. <c>completion-time</c>.</param>
/// <param name="Text">In words, for people.</param>
public readonly record struct LossReason(LossCode Code, string Factor, string Text);

/// <summary>
/// Ranks feasible candidates (every hard filter already passed). Lower scores are better; ties are
/// broken by the engine (preferred centers, then center id), so a policy need not care about order.
/// </summary>
public interface IPlacementPolicy
{
    /// <summary>Name used on the command line, in reports and explanations.</summary>
    string Name { get; }

    /// <summary>One line on what it optimises and which system it stands for.</summary>
    string Description { get; }

    /// <summary>What the policy sees when ranking.</summary>
    PolicyBelief Belief { get; }

    /// <summary>True when flexible jobs may be deferred to a better hour under this policy.</summary>
    bool DefersFlexibleJobs { get; }

    /// <summary>True when ranking reads <see cref="CandidateEstimate.LoadFraction"/> (computed only then).</summary>
    bool UsesCurrentLoad => false;

    /// <summary>Scores every candidate (lower is better).</summary>
    void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job);

    /// <summary>Compares a deferred start of a pool with its earliest start (lower is better).</summary>
    double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job);

    /// <summary>Why <paramref name="loser"/> lost to <paramref name="winner"/>; called only after <see cref="Score"/> of the same decision.</summary>
    LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, JobContext job);
}
