using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>A job that lists the centers it may use goes to one of them.</summary>
public sealed class AllowedCentersFilter : IPlacementFilter
{
    /// <inheritdoc />
    public string Name => "allowed-centers";
    /// <inheritdoc />
    public LossCode Code => LossCode.FilteredNotAllowed;
    /// <inheritdoc />
    public FilterStage Stage => FilterStage.BeforeEstimate;
    /// <inheritdoc />
    public bool AppliesTo(JobContext job) => job.HasAllowedCenters;

    /// <inheritdoc />
    public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        job.CenterAllowed(snapshot.Network.PoolCenter[pool]);

    /// <inheritdoc />
    public void RejectAll(JobContext job, NetworkSnapshot snapshot, Span<bool> admitted)
    {
        var poolCenter = snapshot.Network.PoolCenter;
        for (int p = 0; p < admitted.Length; p++)
            if (!job.CenterAllowed(poolCenter[p])) admitted[p] = false;
    }

    /// <inheritdoc />
    public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        $"not among the job's allowed centers ({string.Join(", ", job.Job.Constraints.AllowedCenters)})";
}
