namespace Suanwang.Model.Network;

/// <summary>
/// A tenant tier (enterprise, SME, research, education…) with the share of the network it is
/// guaranteed and its weight when the network is contended.
/// </summary>
/// <param name="Name">Tier name as written in job specs.</param>
/// <param name="GuaranteedShare">Minimum share (0..1) of the network's dominant resource the tier is guaranteed while it has work.</param>
/// <param name="Weight">Relative weight of its tenants when sharing what is left.</param>
public sealed record TierPolicy(string Name, double GuaranteedShare, double Weight);

/// <summary>The tiers of a network. The default gives small users a guaranteed floor (普惠).</summary>
public sealed record FairShareSettings(IReadOnlyList<TierPolicy> Tiers)
{
    /// <summary>Default tiers: enterprise, sme, research, education.</summary>
    public static FairShareSettings Default { get; } = new(new[]
    {
        new TierPolicy("enterprise", 0.20, 1.0),
        new TierPolicy("sme", 0.25, 1.5),
        new TierPolicy("research", 0.20, 1.5),
        new TierPolicy("education", 0.15, 2.0),
    });

    /// <summary>The named tier, or null.</summary>
    public TierPolicy? Find(string name) =>
        Tiers.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
