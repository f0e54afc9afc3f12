using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// The cheapest feasible center, as a price-only optimiser (SkyPilot's default) picks: it assumes
/// the job runs as long everywhere, so a slow, cheap accelerator looks as good as a fast one.
/// </summary>
public sealed class CheapestPolicy : IPlacementPolicy
{
    /// <inheritdoc />
    public string Name => "cheapest";
    /// <inheritdoc />
    public string Description => "lowest price, runtime assumed equal everywhere (SkyPilot-like)";
    /// <inheritdoc />
    public PolicyBelief Belief => new(IgnoresDataTransfer: false, AssumesEqualSpeed: true);
    /// <inheritdoc />
    public bool DefersFlexibleJobs => false;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
    {
        for (int i = 0; i < candidates.Length; i++) scores[i] = candidates[i].CostYuan;
    }

    /// <inheritdoc />
    public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job) => alternative.CostYuan;

    /// <inheritdoc />
    public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, JobContext job) =>
        new(LossCode.Costlier, "cost", "costs more at reference speed");
}
