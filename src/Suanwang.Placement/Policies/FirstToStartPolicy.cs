using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// The center that can start the job soonest, as Slurm's multi-cluster submission and Kueue's
/// MultiKueue do. It ranks as if the inputs were already everywhere: those systems do not see data.
/// </summary>
public sealed class FirstToStartPolicy : IPlacementPolicy
{
    /// <inheritdoc />
    public string Name => "first-to-start";
    /// <inheritdoc />
    public string Description => "earliest start, data transfer unseen (Slurm multi-cluster, MultiKueue)";
    /// <inheritdoc />
    public PolicyBelief Belief => new(IgnoresDataTransfer: true, AssumesEqualSpeed: false);
    /// <inheritdoc />
    public bool DefersFlexibleJobs => false;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
    {
        for (int i = 0; i < candidates.Length; i++) scores[i] = candidates[i].StartSeconds - job.NowSeconds;
    }

    /// <inheritdoc />
    public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job) => alternative.StartSeconds;

    /// <inheritdoc />
    public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, JobContext job) =>
        new(LossCode.StartsLater, "start-time", "could start later (data transfer unseen)");
}
