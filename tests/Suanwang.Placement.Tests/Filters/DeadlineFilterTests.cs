using Suanwang.Placement.Decisions;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>The <c>DeadlineFilter</c>, on a network where it alone decides.</summary>
public class DeadlineFilterTests
{
    [Fact]
    public void A_center_that_cannot_finish_by_the_deadline_is_filtered()
    {
        // 10 reference hours: 5 h on the A100s in the east, 10 h on the V100s in the west; deadline in 6 h.
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).ReferenceHours(10).Deadline(A.Noon.AddHours(6)));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("deadline", Report(decision, "west-1").DecidingFactor);
        Assert.Equal(LossCode.FilteredDeadline, Report(decision, "west-1").Code);
    }
}
