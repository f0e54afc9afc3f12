using Suanwang.Placement.Decisions;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>The <c>AllowedCentersFilter</c>, on a network where it alone decides.</summary>
public class AllowedCentersFilterTests
{
    [Fact]
    public void Allowed_centers_are_respected()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).OnlyOn("east-1"));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("allowed-centers", Report(decision, "west-1").DecidingFactor);
        Assert.Equal(LossCode.FilteredNotAllowed, Report(decision, "west-1").Code);
    }
}
