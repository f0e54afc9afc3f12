using Suanwang.Placement.Capacity;

namespace Suanwang.Placement.FairShare;

/// <summary>
/// What each tenant (and tier) holds right now: resources of running and committed jobs. The
/// committer adds on dispatch and subtracts on completion; the fair-share order reads it.
/// </summary>
public sealed class TenantUsage
{
    private readonly Dictionary<string, ResourceVector> _byTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceVector> _byTier = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Usage against <paramref name="networkCapacity"/>.</summary>
    public TenantUsage(ResourceVector networkCapacity) => NetworkCapacity = networkCapacity;

    /// <summary>The whole network's capacity (the denominator of shares).</summary>
    public ResourceVector NetworkCapacity { get; }

    /// <summary>Records that a tenant's job took <paramref name="amount"/>.</summary>
    public void Add(string tenant, string tier, in ResourceVector amount)
    {
        _byTenant[tenant] = Get(_byTenant, tenant) + amount;
        _byTier[tier] = Get(_byTier, tier) + amount;
    }

    /// <summary>Records that a tenant's job gave back <paramref name="amount"/>.</summary>
    public void Remove(string tenant, string tier, in ResourceVector amount)
    {
        _byTenant[tenant] = Get(_byTenant, tenant) - amount;
        _byTier[tier] = Get(_byTier, tier) - amount;
    }

    /// <summary>The tenant's dominant share of the network (0..1).</summary>
    public double TenantDominantShare(string tenant) => Get(_byTenant, tenant).DominantShareOf(NetworkCapacity);

    /// <summary>The tier's dominant share of the network (0..1).</summary>
    public double TierDominantShare(string tier) => Get(_byTier, tier).DominantShareOf(NetworkCapacity);

    private static ResourceVector Get(Dictionary<string, ResourceVector> map, string key) =>
        map.TryGetValue(key, out var v) ? v : default;
}
