using Suanwang.Placement.Decisions;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>The <c>LatencyObjectiveFilter</c>, on a network where it alone decides.</summary>
public class LatencyObjectiveFilterTests
{
    [Fact]
    public void A_service_runs_within_its_latency_objective()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).Service(usersAt: "east", maxLatencyMs: 5));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("latency-objective", Report(decision, "west-1").DecidingFactor);
        Assert.Equal(LossCode.FilteredLatency, Report(decision, "west-1").Code);
        Assert.Contains("20 ms from the users", Report(decision, "west-1").Reason);
    }
}
