using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>Centers that are down or draining take no new work.</summary>
public sealed class CenterAvailabilityFilter : IPlacementFilter
{
    /// <inheritdoc />
    public string Name => "center-available";
    /// <inheritdoc />
    public LossCode Code => LossCode.FilteredUnavailable;
    /// <inheritdoc />
    public FilterStage Stage => FilterStage.BeforeEstimate;
    /// <inheritdoc />
    public bool AppliesTo(JobContext job) => true;

    /// <inheritdoc />
    public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate)
    {
        var availability = snapshot.Availability[snapshot.Network.PoolCenter[pool]];
        return availability is CenterAvailability.Up or CenterAvailability.Degraded;
    }

    /// <inheritdoc />
    public void RejectAll(JobContext job, NetworkSnapshot snapshot, Span<bool> admitted)
    {
        var availability = snapshot.Availability;
        var poolCenter = snapshot.Network.PoolCenter;
        for (int p = 0; p < admitted.Length; p++)
            if (availability[poolCenter[p]] is not (CenterAvailability.Up or CenterAvailability.Degraded)) admitted[p] = false;
    }

    /// <inheritdoc />
    public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        $"center is {snapshot.Availability[snapshot.Network.PoolCenter[pool]].ToString().ToLowerInvariant()}";
}
