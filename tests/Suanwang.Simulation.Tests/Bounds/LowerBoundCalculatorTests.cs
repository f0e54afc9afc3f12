using Suanwang.Model.Network;
using Suanwang.Placement.Network;
using Suanwang.Simulation.Bounds;
using Suanwang.Testing;

namespace Suanwang.Simulation.Tests.Bounds;

public class LowerBoundCalculatorTests
{
    private static NetworkDefinition TwoCenters() => A.Network()
        .Region("east").Region("west", RegionRole.West).Link("east", "west", 10, 100)
        .Center("fast", "east", c => c.GpuPool("a100", 8, 2).Carbon(800))
        .Center("clean", "west", c => c.GpuPool("v100", 8, 4).Carbon(100))
        .Build();

    [Fact]
    public void The_completion_bound_is_the_fastest_center_with_no_queue_and_the_carbon_bound_the_cleanest()
    {
        var bounds = new LowerBoundCalculator(new CompiledNetwork(TwoCenters()));
        bounds.Add(new SimulationArrival(A.Job().NeedsGpus(1).ReferenceHours(4), A.Noon, 4));
        Assert.Equal(2 * 3600, bounds.MeanCompletionNoQueueSeconds, 6);            // A100 at speed 2
        Assert.Equal(0.31 * 4 * 1.2 * 100 / 1000, bounds.CarbonGreenestKg, 9);     // V100 (300 W + 1 core) for 4 h at 100 g/kWh
        Assert.Equal(1, bounds.Jobs);
    }

    [Fact]
    public void The_bounds_use_the_real_amount_of_work_not_the_estimate()
    {
        var bounds = new LowerBoundCalculator(new CompiledNetwork(TwoCenters()));
        bounds.Add(new SimulationArrival(A.Job().NeedsGpus(1).ReferenceHours(10), A.Noon, ActualReferenceHours: 2));
        Assert.Equal(3600, bounds.MeanCompletionNoQueueSeconds, 6);
    }

    [Fact]
    public void The_pooled_network_holds_all_capacity_in_one_center_of_the_fastest_model()
    {
        var pooled = LowerBoundCalculator.PooledNetwork(TwoCenters());
        var center = Assert.Single(pooled.Centers);
        var pool = Assert.Single(center.Pools);
        Assert.Equal("a100", pool.AcceleratorModelId);
        Assert.Equal(8 * 2 + 8 * 4, pool.TotalAccelerators);
        Assert.Empty(pooled.Links);
    }
}
