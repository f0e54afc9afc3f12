namespace Suanwang.Model.Network;

/// <summary>Defaults for transfers that stay inside one region.</summary>
/// <param name="LatencyMs">One-way latency inside a region.</param>
/// <param name="BandwidthGbps">Bandwidth inside a region.</param>
/// <param name="PricePerGbYuan">Price per GB moved inside a region.</param>
public sealed record IntraRegionLink(double LatencyMs, double BandwidthGbps, double PricePerGbYuan);

/// <summary>
/// A whole computing power network as loaded from its YAML file: immutable and validated.
/// </summary>
/// <param name="Id">Network id, e.g. <c>china-hubs</c>.</param>
/// <param name="Description">What the network models, with the main sources.</param>
/// <param name="Revision">A content hash of the definition, recorded in every decision.</param>
/// <param name="Catalog">Accelerator catalog.</param>
/// <param name="Regions">Regions.</param>
/// <param name="Links">Links between regions (symmetric).</param>
/// <param name="IntraRegion">Link used inside a region.</param>
/// <param name="Centers">Compute centers.</param>
/// <param name="FairShare">Tenant tiers.</param>
public sealed record NetworkDefinition(
    string Id,
    string Description,
    string Revision,
    AcceleratorCatalog Catalog,
    IReadOnlyList<Region> Regions,
    IReadOnlyList<Link> Links,
    IntraRegionLink IntraRegion,
    IReadOnlyList<Center> Centers,
    FairShareSettings FairShare)
{
    /// <summary>Finds a region by id, or null.</summary>
    public Region? FindRegion(string id) => Regions.FirstOrDefault(r => r.Id == id);

    /// <summary>Finds a center by id, or null.</summary>
    public Center? FindCenter(string id) => Centers.FirstOrDefault(c => c.Id == id);
}
