using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>The pool with the lowest utilisation now (a classic load balancer), blind to data and speed.</summary>
public sealed class LeastLoadedPolicy : IPlacementPolicy
{
    /// <inheritdoc />
    public string Name => "least-loaded";
    /// <inheritdoc />
    public string Description => "lowest current utilisation (load balancing), data transfer unseen";
    /// <inheritdoc />
    public PolicyBelief Belief => new(IgnoresDataTransfer: true, AssumesEqualSpeed: false);
    /// <inheritdoc />
    public bool DefersFlexibleJobs => false;
    /// <inheritdoc />
    public bool UsesCurrentLoad => true;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
    {
        for (int i = 0; i < candidates.Length; i++) scores[i] = candidates[i].LoadFraction;
    }

    /// <inheritdoc />
    public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job) => alternative.StartSeconds;

    /// <inheritdoc />
    public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, JobContext job) =>
        new(LossCode.Busier, "load", "busier now");
}
