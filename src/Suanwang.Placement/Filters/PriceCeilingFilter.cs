using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>A job with a price ceiling only goes where its predicted cost stays under it.</summary>
public sealed class PriceCeilingFilter : IPlacementFilter
{
    /// <inheritdoc />
    public string Name => "price-ceiling";
    /// <inheritdoc />
    public LossCode Code => LossCode.FilteredPriceCeiling;
    /// <inheritdoc />
    public FilterStage Stage => FilterStage.AfterEstimate;
    /// <inheritdoc />
    public bool AppliesTo(JobContext job) => job.Job.Constraints.MaxPriceYuan is not null;

    /// <inheritdoc />
    public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        estimate.CostYuan <= job.Job.Constraints.MaxPriceYuan!.Value + 1e-9;

    /// <inheritdoc />
    public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        $"predicted cost ¥{estimate.CostYuan:0.00} exceeds the ceiling ¥{job.Job.Constraints.MaxPriceYuan:0.00}";
}
