using Suanwang.Placement.Capacity;

namespace Suanwang.Placement.FairShare;

/// <summary>
/// What each tenant (and tier) holds now — resources of its running and committed jobs — and what
/// it held recently, decayed exponentially with a half-life (as Slurm's fair-share decays past
/// usage). The committer adds on dispatch and subtracts on completion, saying when; reads take the
/// time too, so the record stays a pure function of its inputs.
/// </summary>
public sealed class TenantUsage
{
    private readonly Dictionary<string, Account> _byTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Account> _byTier = new(StringComparer.OrdinalIgnoreCase);
    private readonly double _decaySeconds;

    /// <summary>Usage against <paramref name="networkCapacity"/>, past usage halving every <paramref name="halfLifeHours"/>.</summary>
    public TenantUsage(ResourceVector networkCapacity, double halfLifeHours = 24)
    {
        NetworkCapacity = networkCapacity;
        _decaySeconds = halfLifeHours * 3600.0 / Math.Log(2);
    }

    /// <summary>An independent copy (for a dry run on a snapshot of its own).</summary>
    public TenantUsage Copy()
    {
        return new TenantUsage(this);
    }

    /// <summary>The whole network's capacity (the denominator of shares).</summary>
    public ResourceVector NetworkCapacity { get; }

    /// <summary>Records that a tenant's job took <paramref name="amount"/> at <paramref name="nowSeconds"/>.</summary>
    public void Add(string tenant, string tier, in ResourceVector amount, double nowSeconds)
    {
        Get(_byTenant, tenant).Change(amount, nowSeconds, _decaySeconds);
        Get(_byTier, tier).Change(amount, nowSeconds, _decaySeconds);
    }

    /// <summary>Records that a tenant's job gave back <paramref name="amount"/> at <paramref name="nowSeconds"/>.</summary>
    public void Remove(string tenant, string tier, in ResourceVector amount, double nowSeconds)
    {
        var negative = new ResourceVector(-amount.Accelerators, -amount.Cpus, -amount.MemoryGiB);
        Get(_byTenant, tenant).Change(negative, nowSeconds, _decaySeconds);
        Get(_byTier, tier).Change(negative, nowSeconds, _decaySeconds);
    }

    private TenantUsage(TenantUsage source)
    {
        NetworkCapacity = source.NetworkCapacity;
        _decaySeconds = source._decaySeconds;
        foreach (var (key, account) in source._byTenant) _byTenant[key] = account.Copy();
        foreach (var (key, account) in source._byTier) _byTier[key] = account.Copy();
    }

    /// <summary>The tenant's dominant share of the network held now (0..1).</summary>
    public double TenantShareNow(string tenant) => Holding(_byTenant, tenant).DominantShareOf(NetworkCapacity);

    /// <summary>The tier's dominant share of the network held now (0..1).</summary>
    public double TierShareNow(string tier) => Holding(_byTier, tier).DominantShareOf(NetworkCapacity);

    /// <summary>The tenant's share now plus its decayed recent share: what fair-share ordering compares.</summary>
    public double TenantEffectiveShare(string tenant, double nowSeconds) => Effective(_byTenant, tenant, nowSeconds);

    /// <summary>The tier's share now plus its decayed recent share.</summary>
    public double TierEffectiveShare(string tier, double nowSeconds) => Effective(_byTier, tier, nowSeconds);

    private double Effective(Dictionary<string, Account> map, string key, double now)
    {
        if (!map.TryGetValue(key, out var account)) return 0;
        return account.Holding.DominantShareOf(NetworkCapacity) + account.DecayedAt(now, _decaySeconds).DominantShareOf(NetworkCapacity);
    }

    private static ResourceVector Holding(Dictionary<string, Account> map, string key) =>
        map.TryGetValue(key, out var account) ? account.Holding : default;

    private static Account Get(Dictionary<string, Account> map, string key)
    {
        if (!map.TryGetValue(key, out var account)) map[key] = account = new Account();
        return account;
    }

    private sealed class Account
    {
        public ResourceVector Holding;
        private ResourceVector _decayed;
        private double _lastSeconds = double.NaN;

        public Account Copy() => new() { Holding = Holding, _decayed = _decayed, _lastSeconds = _lastSeconds };

        // The decayed average of what was held, at time t: the running average relaxes towards the
        // current holding with time constant τ.
        public ResourceVector DecayedAt(double t, double tau)
        {
            if (double.IsNaN(_lastSeconds) || t <= _lastSeconds) return _decayed;
            double keep = Math.Exp(-(t - _lastSeconds) / tau);
            return new ResourceVector(
                _decayed.Accelerators * keep + Holding.Accelerators * (1 - keep),
                _decayed.Cpus * keep + Holding.Cpus * (1 - keep),
                _decayed.MemoryGiB * keep + Holding.MemoryGiB * (1 - keep));
        }

        public void Change(in ResourceVector delta, double t, double tau)
        {
            _decayed = DecayedAt(t, tau);
            _lastSeconds = double.IsNaN(_lastSeconds) ? t : Math.Max(_lastSeconds, t);
            Holding += delta;
        }
    }
}
