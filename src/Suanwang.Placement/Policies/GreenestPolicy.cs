using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>The center (and, for flexible jobs, the hour) with the least carbon, whatever the wait.</summary>
public sealed class GreenestPolicy : IPlacementPolicy
{
    /// <inheritdoc />
    public string Name => "greenest";
    /// <inheritdoc />
    public string Description => "least carbon (energy × PUE × grid intensity over the run), deferring flexible jobs to greener hours";
    /// <inheritdoc />
    public PolicyBelief Belief => PolicyBelief.Truth;
    /// <inheritdoc />
    public bool DefersFlexibleJobs => true;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
    {
        for (int i = 0; i < candidates.Length; i++) scores[i] = candidates[i].CarbonGrams;
    }

    /// <inheritdoc />
    public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job) => alternative.CarbonGrams;

    /// <inheritdoc />
    public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, JobContext job) =>
        new(LossCode.MoreCarbon, "carbon", "emits more CO₂");
}
