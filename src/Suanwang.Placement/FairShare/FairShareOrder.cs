using Suanwang.Model.Network;

namespace Suanwang.Placement.FairShare;

/// <summary>A pending job's place in the fair-share queue; smaller keys are served first.</summary>
/// <param name="TierBelowGuarantee">0 when the job's tier holds less than its guaranteed share (served first), else 1.</param>
/// <param name="TierGuaranteeUse">Tier's dominant share ÷ its guaranteed share: the most under-served tier first.</param>
/// <param name="WeightedTenantShare">Tenant's dominant share ÷ its tier's weight (dominant-resource fairness).</param>
/// <param name="SubmitSeconds">Submission time: FIFO among equals.</param>
/// <param name="Sequence">Arrival sequence: the final tie-break.</param>
public readonly record struct FairShareKey(
    int TierBelowGuarantee,
    double TierGuaranteeUse,
    double WeightedTenantShare,
    double SubmitSeconds,
    long Sequence) : IComparable<FairShareKey>
{
    /// <inheritdoc />
    public int CompareTo(FairShareKey other)
    {
        int c = TierBelowGuarantee.CompareTo(other.TierBelowGuarantee);
        if (c != 0) return c;
        if (TierBelowGuarantee == 0)
        {
            c = TierGuaranteeUse.CompareTo(other.TierGuaranteeUse);
            if (c != 0) return c;
        }
        c = WeightedTenantShare.CompareTo(other.WeightedTenantShare);
        if (c != 0) return c;
        c = SubmitSeconds.CompareTo(other.SubmitSeconds);
        return c != 0 ? c : Sequence.CompareTo(other.Sequence);
    }
}

/// <summary>
/// The queue order (普惠 fair access): dominant-resource fairness with a guaranteed minimum share
/// per tier. Tiers holding less than their guarantee are served first, the most under-served
/// first; after that, the tenant with the smallest dominant share (divided by its tier's weight) goes
/// first; FIFO breaks ties. Whether a tier is below its guarantee counts what it holds now; the
/// comparisons use what it holds now plus its recent usage, decayed (see <see cref="TenantUsage"/>),
/// so a tenant that just had the whole network does not win a tie the moment its jobs end.
/// </summary>
public static class FairShareOrder
{
    /// <summary>The key, at <paramref name="nowSeconds"/>, of a job of <paramref name="tenant"/> in <paramref name="tier"/>.</summary>
    public static FairShareKey KeyFor(string tenant, string tier, double submitSeconds, long sequence, TenantUsage usage, FairShareSettings settings, double nowSeconds)
    {
        var policy = settings.Find(tier);
        double guarantee = policy?.GuaranteedShare ?? 0;
        double weight = policy?.Weight is > 0 ? policy.Weight : 1.0;
        bool below = guarantee > 0 && usage.TierShareNow(tier) < guarantee;
        return new FairShareKey(
            below ? 0 : 1,
            below ? usage.TierEffectiveShare(tier, nowSeconds) / guarantee : 0,
            usage.TenantEffectiveShare(tenant, nowSeconds) / weight,
            submitSeconds,
            sequence);
    }
}
