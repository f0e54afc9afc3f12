using Suanwang.Model.Network;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.FairShare;

namespace Suanwang.Placement.Tests.FairShare;

public class FairShareOrderTests
{
    private static readonly FairShareSettings Settings = new([new("enterprise", 0.2, 1), new("education", 0.1, 2)]);

    [Fact]
    public void A_tier_below_its_guarantee_goes_first_even_if_it_arrived_later()
    {
        var usage = new TenantUsage(new ResourceVector(100, 1000, 10000));
        usage.Add("big-corp", "enterprise", new ResourceVector(50, 0, 0), 0); // enterprise holds 50% > 20%
        var corp = FairShareOrder.KeyFor("big-corp", "enterprise", 0, 0, usage, Settings, 0);
        var school = FairShareOrder.KeyFor("school", "education", 100, 1, usage, Settings, 0);
        Assert.True(school.CompareTo(corp) < 0);
    }

    [Fact]
    public void Above_the_guarantees_the_smaller_weighted_dominant_share_goes_first()
    {
        var usage = new TenantUsage(new ResourceVector(100, 1000, 10000));
        usage.Add("a", "enterprise", new ResourceVector(30, 0, 0), 0);   // tier at 30% (> 20%); dominant share 0.3 / weight 1
        usage.Add("b", "education", new ResourceVector(0, 500, 0), 0);   // tier at 50% of CPUs (> 10%); 0.5 / weight 2 = 0.25
        var a = FairShareOrder.KeyFor("a", "enterprise", 0, 0, usage, Settings, 0);
        var b = FairShareOrder.KeyFor("b", "education", 10, 1, usage, Settings, 0);
        Assert.True(b.CompareTo(a) < 0);
    }

    [Fact]
    public void Recent_usage_counts_after_the_jobs_end()
    {
        var usage = new TenantUsage(new ResourceVector(100, 1000, 10000), halfLifeHours: 24);
        usage.Add("corp", "enterprise", new ResourceVector(100, 0, 0), 0);
        usage.Remove("corp", "enterprise", new ResourceVector(100, 0, 0), 3600);
        // An hour of the whole network, decayed with τ = 24 h / ln 2: 1 − e^(−1/34.6) ≈ 2.85%.
        Assert.Equal(1 - Math.Exp(-3600 / (24 * 3600 / Math.Log(2))), usage.TenantEffectiveShare("corp", 3600), 9);
        Assert.Equal(0, usage.TenantShareNow("corp"));
        var corp = FairShareOrder.KeyFor("corp", "enterprise", 0, 0, usage, Settings, 3600);
        var school = FairShareOrder.KeyFor("school", "education", 60, 1, usage, Settings, 3600);
        Assert.True(school.CompareTo(corp) < 0);
    }

    [Fact]
    public void Equals_are_served_first_come_first_served()
    {
        var usage = new TenantUsage(new ResourceVector(100, 1000, 10000));
        var early = FairShareOrder.KeyFor("x", "enterprise", 5, 7, usage, Settings, 0);
        var late = FairShareOrder.KeyFor("y", "enterprise", 6, 3, usage, Settings, 0);
        Assert.True(early.CompareTo(late) < 0);
    }
}
