using Suanwang.Placement.Decisions;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>The <c>PriceCeilingFilter</c>, on a network where it alone decides.</summary>
public class PriceCeilingFilterTests
{
    [Fact]
    public void A_center_above_the_price_ceiling_is_filtered()
    {
        // 1 GPU for 2 reference hours: east 1 h × ¥30 = ¥30, west 2 h × ¥5 = ¥10, plus ¥0.1 × cpu-hours.
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).ReferenceHours(2).MaxPrice(20));
        Assert.Equal("west-1", decision.Plan!.CenterId);
        Assert.Equal("price-ceiling", Report(decision, "east-1").DecidingFactor);
        Assert.Equal(LossCode.FilteredPriceCeiling, Report(decision, "east-1").Code);
    }
}
