using Suanwang.Model.Network;

namespace Suanwang.Traces.Workload;

/// <summary>What the model decides once per tenant: its tier and where its data lives.</summary>
/// <param name="Tier">Tier name.</param>
/// <param name="DataRegion">Region holding the tenant's data.</param>
internal sealed record TenantProfile(string Tier, Region DataRegion);

/// <summary>
/// Assigns tiers and data regions to tenants by seeded hash of the tenant id, so a tenant gets the
/// same answer in every job, every run and whatever else is in the trace.
/// </summary>
internal sealed class TenantProfiles
{
    private readonly long seed;
    private readonly double eastFraction;

    public TenantProfiles(NetworkDefinition network, WorkloadModelOptions options)
    {
        seed = options.Seed;
        eastFraction = options.EastDataFraction;

        // Sorted by name/id so the answer does not depend on the order of the network file.
        var tierNames = network.FairShare.Tiers.Count > 0
            ? network.FairShare.Tiers.Select(t => t.Name)
            : options.TierProportions.Keys;
        var names = tierNames.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var weights = names.Select(n => options.TierProportions.GetValueOrDefault(n)).ToList();
        if (weights.Sum() <= 0) weights = names.Select(_ => 1.0).ToList();
        double total = weights.Sum();
        Tiers = names.Zip(weights, (n, w) => (n, w / total)).Where(t => t.Item2 > 0).ToArray();

        AllRegions = network.Regions.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        if (AllRegions.Count == 0) throw new ArgumentException("the network has no regions", nameof(network));
        EastRegions = AllRegions.Where(r => r.Role == RegionRole.East).ToArray();
        OtherRegions = AllRegions.Where(r => r.Role != RegionRole.East).ToArray();
    }

    /// <summary>Tiers with their share of tenants, summing to 1.</summary>
    public IReadOnlyList<(string Name, double Share)> Tiers { get; }

    /// <summary>Every region, by id.</summary>
    public IReadOnlyList<Region> AllRegions { get; }

    /// <summary>The East regions, by id.</summary>
    public IReadOnlyList<Region> EastRegions { get; }

    /// <summary>The West and Other regions, by id.</summary>
    public IReadOnlyList<Region> OtherRegions { get; }

    /// <summary>The tenant's tier and data region.</summary>
    public TenantProfile For(string tenant)
    {
        var tierDraw = StableRandom.For(seed, "tier", tenant).NextDouble();
        string tier = Tiers[^1].Name;
        double cumulative = 0;
        foreach (var (name, share) in Tiers)
        {
            cumulative += share;
            if (tierDraw < cumulative)
            {
                tier = name;
                break;
            }
        }

        // East with probability eastFraction, else a non-East region; when one side is empty, the other.
        var regionRandom = StableRandom.For(seed, "data-region", tenant);
        bool east = regionRandom.NextDouble() < eastFraction;
        var pool = (east && EastRegions.Count > 0) || OtherRegions.Count == 0 ? EastRegions : OtherRegions;
        return new TenantProfile(tier, pool[regionRandom.NextInt(pool.Count)]);
    }
}
