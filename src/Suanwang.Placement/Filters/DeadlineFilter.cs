using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>A job with a deadline only goes where it is predicted to finish by then.</summary>
public sealed class DeadlineFilter : IPlacementFilter
{
    /// <inheritdoc />
    public string Name => "deadline";
    /// <inheritdoc />
    public LossCode Code => LossCode.FilteredDeadline;
    /// <inheritdoc />
    public FilterStage Stage => FilterStage.AfterEstimate;
    /// <inheritdoc />
    public bool AppliesTo(JobContext job) => !double.IsPositiveInfinity(job.DeadlineSeconds);

    /// <inheritdoc />
    public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        estimate.FinishSeconds <= job.DeadlineSeconds;

    /// <inheritdoc />
    public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        $"predicted finish {SimTime.FromSeconds(estimate.FinishSeconds):u} is after the deadline {SimTime.FromSeconds(job.DeadlineSeconds):u}";
}
