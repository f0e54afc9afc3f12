using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>Data that must not leave its zone (数据不出域) is only processed inside that zone.</summary>
public sealed class ResidencyFilter : IPlacementFilter
{
    /// <inheritdoc />
    public string Name => "residency";
    /// <inheritdoc />
    public LossCode Code => LossCode.FilteredResidency;
    /// <inheritdoc />
    public FilterStage Stage => FilterStage.BeforeEstimate;
    /// <inheritdoc />
    public bool AppliesTo(JobContext job) => job.ResidencyZone >= 0;

    /// <inheritdoc />
    public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        snapshot.Network.CenterZone[snapshot.Network.PoolCenter[pool]] == job.ResidencyZone;

    /// <inheritdoc />
    public void RejectAll(JobContext job, NetworkSnapshot snapshot, Span<bool> admitted)
    {
        var poolCenter = snapshot.Network.PoolCenter;
        var centerZone = snapshot.Network.CenterZone;
        int zone = job.ResidencyZone;
        for (int p = 0; p < admitted.Length; p++)
            if (centerZone[poolCenter[p]] != zone) admitted[p] = false;
    }

    /// <inheritdoc />
    public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate)
    {
        var center = snapshot.Network.Centers[snapshot.Network.PoolCenter[pool]];
        return $"center is in residency zone '{center.ResidencyZone}', the job's data must stay in '{job.Job.Constraints.Residency}'";
    }
}
