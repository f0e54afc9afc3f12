using System.Text.Json.Serialization;

namespace Suanwang.Api.Contracts;

/// <summary>
/// Why a candidate center lost, from a closed set (a string in JSON): what programs read, where people read
/// the candidate's reason. New codes are only ever added.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LossCode>))]
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

/// <summary>The codes of the deciding factors decisions carried before they carried codes.</summary>
public static class LossCodes
{
    private static readonly Dictionary<string, LossCode> ByFactor = new(StringComparer.Ordinal)
    {
        ["completion-time"] = LossCode.Slower,
        ["cost"] = LossCode.Costlier,
        ["carbon"] = LossCode.MoreCarbon,
        ["start-time"] = LossCode.StartsLater,
        ["load"] = LossCode.Busier,
        ["turn"] = LossCode.NotItsTurn,
        ["tie-break"] = LossCode.TieBreak,
        ["center-available"] = LossCode.FilteredUnavailable,
        ["allowed-centers"] = LossCode.FilteredNotAllowed,
        ["residency"] = LossCode.FilteredResidency,
        ["accelerator"] = LossCode.FilteredAccelerator,
        ["pool-size"] = LossCode.FilteredPoolSize,
        ["latency-objective"] = LossCode.FilteredLatency,
        ["deadline"] = LossCode.FilteredDeadline,
        ["price-ceiling"] = LossCode.FilteredPriceCeiling,
        ["capacity"] = LossCode.FilteredNoRoom,
        ["no-pools"] = LossCode.FilteredNoPools,
    };

    /// <summary>
    /// The code of a stored decision's <paramref name="decidingFactor"/> (a filter's or a score's name), or null
    /// for the winner's (null) or a name no version ever wrote. Only for decisions stored without codes.
    /// </summary>
    public static LossCode? FromFactor(string? decidingFactor) =>
        decidingFactor is not null && ByFactor.TryGetValue(decidingFactor, out var code) ? code : null;
}
