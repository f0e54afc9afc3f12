using Suanwang.Testing;

using Suanwang.Placement.Tests.Filters;
using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests;

/// <summary>What the engine says when no center can take a job.</summary>
public class PlacementEngineTests
{
    [Fact]
    public void When_nothing_fits_the_decision_says_why()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1, "h800"));
        Assert.False(decision.IsPlaced);
        Assert.Equal("No center can take the job: 2 pools filtered by accelerator.", decision.Summary);
    }
}
