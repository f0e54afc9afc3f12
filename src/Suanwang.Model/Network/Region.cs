namespace Suanwang.Model.Network;

/// <summary>Whether a region is an eastern demand hub or a western compute hub (东数西算).</summary>
public enum RegionRole
{
    /// <summary>Eastern hub: where data and users mostly are; latency-sensitive work.</summary>
    East,
    /// <summary>Western hub: cheap, green power; batch and offline work.</summary>
    West,
    /// <summary>Neither (e.g. a network outside China).</summary>
    Other,
}

/// <summary>A region (a hub, a city, a grid zone): where centers sit and where data lives.</summary>
/// <param name="Id">Stable id, e.g. <c>yangtze-delta</c>.</param>
/// <param name="DisplayName">English name.</param>
/// <param name="DisplayNameZh">Chinese name, if any.</param>
/// <param name="Role">East / West / Other.</param>
/// <param name="Latitude">Degrees north.</param>
/// <param name="Longitude">Degrees east.</param>
/// <param name="ResidencyZone">The data-residency zone the region belongs to, e.g. <c>cn</c>.</param>
public sealed record Region(
    string Id,
    string DisplayName,
    string? DisplayNameZh,
    RegionRole Role,
    double Latitude,
    double Longitude,
    string ResidencyZone);

/// <summary>A network path between two regions. Links are symmetric unless stated otherwise.</summary>
/// <param name="FromRegionId">One end.</param>
/// <param name="ToRegionId">Other end.</param>
/// <param name="LatencyMs">One-way latency in milliseconds.</param>
/// <param name="BandwidthGbps">Bandwidth available to the network's transfers, gigabits per second.</param>
/// <param name="PricePerGbYuan">Transfer price per gigabyte moved, yuan.</param>
public sealed record Link(
    string FromRegionId,
    string ToRegionId,
    double LatencyMs,
    double BandwidthGbps,
    double PricePerGbYuan);
