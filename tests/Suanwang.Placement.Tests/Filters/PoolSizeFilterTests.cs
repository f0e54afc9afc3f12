using Suanwang.Placement.Decisions;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>The <c>PoolSizeFilter</c>, on a network where it alone decides.</summary>
public class PoolSizeFilterTests
{
    [Fact]
    public void A_pool_too_small_for_the_gang_is_filtered()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(40).OnNodes(5));
        Assert.False(decision.IsPlaced);
        Assert.All(decision.Candidates, c => Assert.Equal("pool-size", c.DecidingFactor));
        Assert.All(decision.Candidates, c => Assert.Equal(LossCode.FilteredPoolSize, c.Code));
        Assert.Contains("the job spans 5", decision.Candidates[0].Reason);
    }
}
