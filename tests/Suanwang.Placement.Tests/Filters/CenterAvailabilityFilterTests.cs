using Suanwang.Placement.Decisions;
using Suanwang.Placement.Snapshot;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>The <c>CenterAvailabilityFilter</c>, on a network where it alone decides.</summary>
public class CenterAvailabilityFilterTests
{
    [Fact]
    public void Down_and_draining_centers_take_no_work()
    {
        var network = TwoCenters().Build();
        var snapshot = Snapshots.Idle(network);
        snapshot.Availability[1] = CenterAvailability.Down;
        var decision = Decide(network, A.Job().NeedsGpus(1), snapshot);
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("center-available", Report(decision, "west-1").DecidingFactor);
        Assert.Equal(LossCode.FilteredUnavailable, Report(decision, "west-1").Code);
        Assert.Equal("center is down", Report(decision, "west-1").Reason);
    }
}
