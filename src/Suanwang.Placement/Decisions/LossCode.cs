namespace Suanwang.Placement.Decisions;

/// <summary>
/// Why a candidate center lost, from a closed set: what a program reads (the dashboard highlights the
/// figure a center lost on, a client counts centers filtered for residency) where people read the
/// candidate's reason. Every filter and every objective has one code; new ones are added at the end.
/// </summary>
public enum LossCode
{
    /// <summary>Outscored: finishes later (completion time).</summary>
    Slower,
    /// <summary>Outscored: costs more.</summary>
    Costlier,
    /// <summary>Outscored: emits more CO₂.</summary>
    MoreCarbon,
    /// <summary>Outscored under first-to-start: could start later.</summary>
    StartsLater,
    /// <summary>Outscored under least-loaded: busier now.</summary>
    Busier,
    /// <summary>Outscored under round-robin: not its turn.</summary>
    NotItsTurn,
    /// <summary>Scored the same as the winner and lost the tie-break (preferred centers, then center id).</summary>
    TieBreak,
    /// <summary>Filtered: the center is down or draining.</summary>
    FilteredUnavailable,
    /// <summary>Filtered: not among the centers the job allows.</summary>
    FilteredNotAllowed,
    /// <summary>Filtered: outside the job's residency zone.</summary>
    FilteredResidency,
    /// <summary>Filtered: no accelerator (or CPU) model the job can use.</summary>
    FilteredAccelerator,
    /// <summary>Filtered: no pool big enough even when empty.</summary>
    FilteredPoolSize,
    /// <summary>Filtered: too far from a service's users.</summary>
    FilteredLatency,
    /// <summary>Filtered: would finish after the deadline.</summary>
    FilteredDeadline,
    /// <summary>Filtered: would cost more than the price ceiling.</summary>
    FilteredPriceCeiling,
    /// <summary>Filtered: no pool ever has room for the job.</summary>
    FilteredNoRoom,
    /// <summary>Filtered: the center has no node pools.</summary>
    FilteredNoPools,
    /// <summary>Outscored: uses more water.</summary>
    MoreWater,
    /// <summary>Filtered: the pool's node features do not satisfy the job's feature constraint (<c>--constraint</c>).</summary>
    FilteredFeatures,
}
