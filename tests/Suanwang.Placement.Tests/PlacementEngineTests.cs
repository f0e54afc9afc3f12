using Suanwang.Placement.Policies;
using Suanwang.Testing;

using Suanwang.Placement.Tests.Filters;
using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests;

/// <summary>What the engine says when no center can take a job, and how its pruning treats ties.</summary>
public class PlacementEngineTests
{
    [Fact]
    public void When_nothing_fits_the_decision_says_why()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1, "h800"));
        Assert.False(decision.IsPlaced);
        Assert.Equal("No center can take the job: 2 pools filtered by accelerator.", decision.Summary);
    }

    [Fact]
    public void A_tie_on_a_negative_score_still_goes_to_the_lower_center_id_on_the_fast_path()
    {
        // Weighted on cost alone, a job costing ¥0.10 (its cores free, so its bound is its exact score) scores ln 0.1 < 0 at both twins. "b" is listed first, so
        // branch and bound estimates it first; "a" ties it and must still be estimated, and win on its id.
        var network = A.Network().Region("east")
            .Center("b", "east", c => c.GpuPool("v100", 8, 1).Price(1, 0))
            .Center("a", "east", c => c.GpuPool("v100", 8, 1).Price(1, 0))
            .Build();
        var job = A.Job().NeedsGpus(1).WithCpus(1).ReferenceHours(0.1);
        var policy = PolicyCatalog.Create("suanwang:completion-time=0,carbon=0");

        var fast = new PlacementEngine().Decide(Snapshots.Idle(network), job, 0, policy, A.Noon, explain: false);
        var everyPool = new PlacementEngine { Exhaustive = true }.Decide(Snapshots.Idle(network), job, 0, policy, A.Noon, explain: false);

        Assert.True(fast.Plan!.CostYuan < 1);
        Assert.Equal("a", everyPool.Plan!.CenterId);
        Assert.Equal("a", fast.Plan.CenterId);
    }

    [Fact]
    public void Twin_pools_tying_on_completion_time_go_to_the_lower_pool_id_on_the_fast_path()
    {
        // A service runs as long on a T4 as on an A100; weighted on time alone both score ln(62 s). The exact time is
        // a difference of epoch seconds (about 1.8e9 s, 2.4e-7 s apart), so it can land a hair below its bound: the
        // pruning margin must absorb that, or the A100 pool, listed second, is skipped and loses its tie-break.
        var network = A.Network().Region("east").Region("users").Link("east", "users", 5, 100)
            .Center("c", "east", c => c.GpuPool("t4", 8, 1).GpuPool("a100", 8, 1))
            .Build();
        var job = A.Job().NeedsGpus(1).ReferenceHours(0.0173).Service("users", 100).CarbonWeight(0);
        var policy = PolicyCatalog.Create("suanwang:cost=0,carbon=0");

        var fast = new PlacementEngine().Decide(Snapshots.Idle(network), job, 0, policy, A.Noon, explain: false);
        var everyPool = new PlacementEngine { Exhaustive = true }.Decide(Snapshots.Idle(network), job, 0, policy, A.Noon, explain: false);

        Assert.Equal("a100", everyPool.Plan!.PoolId);
        Assert.Equal("a100", fast.Plan!.PoolId);
    }
}
