using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Simulation.Engine;
using Suanwang.Testing;

namespace Suanwang.Simulation.Tests.Engine;

public class SimulatorTests
{
    private static readonly DateTimeOffset T0 = A.Noon;

    private static NetworkDefinition OneCenter(int gpus = 8) =>
        A.Network().Region("east").Center("c", "east", c => c.GpuPool("v100", gpus, 1)).Build();

    private static SimulationArrival Arrive(JobBuilder job, double atSeconds, double? actualHours = null) =>
        new(job, T0.AddSeconds(atSeconds), actualHours ?? job.Build().Work.ReferenceHours);

    private static Suanwang.Simulation.Metrics.PolicyMetrics Run(NetworkDefinition network, IEnumerable<SimulationArrival> arrivals, string policy = "suanwang") =>
        new Simulator(new CompiledNetwork(network), PolicyCatalog.Create(policy)).Run(arrivals);

    [Fact]
    public void Feature_constraints_are_honoured_as_by_the_broker()
    {
        // The A100 center is faster and idle, but only the V100 center's nodes have local NVMe.
        var built = A.Network().Region("east")
            .Center("fast", "east", c => c.GpuPool("a100", 8, 1))
            .Center("nvme", "east", c => c.GpuPool("v100", 8, 1)).Build();
        var network = built with
        {
            Centers = built.Centers.Select(c => c.Id == "nvme" ? c with { Pools = [c.Pools[0] with { Features = FeatureNames.SetOf(["v100", "nvme"]) }] } : c).ToList(),
        };
        static JobBuilder Needs(string id) => A.Job(id).NeedsGpus(8).ReferenceHours(1);
        static SimulationArrival Constrained(JobBuilder job, string constraint) =>
            new(job.Build() with { Constraints = JobConstraints.None with { Features = FeatureConstraint.Parse(constraint) } }, T0, 1);

        var m = Run(network, [Constrained(Needs("a"), "nvme"), Constrained(Needs("b"), "nvme"), Constrained(Needs("c"), "h100")]);

        Assert.Equal(2, m.Completed);
        Assert.Equal(1, m.Unplaceable);                        // nothing has h100
        Assert.Equal(1800, m.WaitSeconds.Mean, 6);             // one after the other on the V100s, though the A100s sat idle
    }

    [Fact]
    public void A_job_waits_for_the_one_ahead_of_it()
    {
        var m = Run(OneCenter(), [
            Arrive(A.Job("a").NeedsGpus(8).ReferenceHours(1), 0),
            Arrive(A.Job("b").NeedsGpus(8).ReferenceHours(1), 0)]);
        Assert.Equal(2, m.Completed);
        Assert.Equal(1800, m.WaitSeconds.Mean, 6);            // 0 and 3600
        Assert.Equal(1.5 * 3600, m.CompletionSeconds.Mean, 6); // 1 h and 2 h
        Assert.Equal(7200, m.LastFinishSeconds - m.FirstSubmitSeconds, 6);
    }

    [Fact]
    public void A_small_job_backfills_without_delaying_the_reserved_one()
    {
        // 6 of 8 GPUs busy for 2 h; B needs all 8 (reserved at 2 h); C needs 2 for 1 h and fits before.
        var m = Run(OneCenter(), [
            Arrive(A.Job("a").NeedsGpus(6).ReferenceHours(2).OfTenant("t1", "research"), 0),
            Arrive(A.Job("b").NeedsGpus(8).ReferenceHours(1).OfTenant("t1", "research"), 10),
            Arrive(A.Job("c").NeedsGpus(2).ReferenceHours(1).OfTenant("t2", "research"), 20)]);
        Assert.Equal(3, m.Completed);
        // c starts on arrival (wait 0); b starts at 2 h (waits 2 h − 10 s); a waits 0.
        Assert.Equal((7200 - 10) / 3.0, m.WaitSeconds.Mean, 3);
        Assert.Equal(3 * 3600, m.LastFinishSeconds - m.FirstSubmitSeconds, 3);
    }

    [Fact]
    public void A_long_job_cannot_jump_ahead_of_a_waiting_one()
    {
        // Same, but c (same tenant, so FIFO applies) would run 3 h and overlap b's reserved start: it goes after b.
        var m = Run(OneCenter(), [
            Arrive(A.Job("a").NeedsGpus(6).ReferenceHours(2).OfTenant("t1", "research"), 0),
            Arrive(A.Job("b").NeedsGpus(8).ReferenceHours(1).OfTenant("t1", "research"), 10),
            Arrive(A.Job("c").NeedsGpus(2).ReferenceHours(3).OfTenant("t1", "research"), 20)]);
        Assert.Equal(((7200 - 10) + (3 * 3600 - 20)) / 3.0, m.WaitSeconds.Mean, 3);
    }

    [Fact]
    public void A_small_tenant_is_not_buried_under_a_flood_from_a_big_one()
    {
        // An enterprise floods 10 one-hour jobs that each take the whole pool; an education user
        // submits one a minute later. Fair share serves the education tier (below its guarantee)
        // as soon as the first flood job ends, not after all ten.
        var arrivals = Enumerable.Range(0, 10).Select(i => Arrive(A.Job($"flood-{i}").NeedsGpus(8).ReferenceHours(1).OfTenant("corp", "enterprise"), i))
            .Append(Arrive(A.Job("student").NeedsGpus(8).ReferenceHours(1).OfTenant("school", "education"), 60))
            .ToList();
        var m = Run(OneCenter(), arrivals);
        Assert.Equal(11, m.Completed);
        var education = m.Tiers["education"];
        Assert.Equal(3600 - 60, education.WaitSum, 3);
    }

    [Fact]
    public void A_job_finishing_early_frees_its_capacity_early()
    {
        // a is estimated at 2 h but really takes 1 h: b starts at 1 h.
        var m = Run(OneCenter(), [
            Arrive(A.Job("a").NeedsGpus(8).ReferenceHours(2), 0, actualHours: 1),
            Arrive(A.Job("b").NeedsGpus(8).ReferenceHours(1), 0)]);
        Assert.Equal(1800, m.WaitSeconds.Mean, 6);
    }

    [Fact]
    public void A_job_no_center_can_take_is_counted_not_lost()
    {
        var m = Run(OneCenter(), [
            Arrive(A.Job("too-big").NeedsGpus(16), 0),
            Arrive(A.Job("fine").NeedsGpus(1), 0)]);
        Assert.Equal(2, m.Submitted);
        Assert.Equal(1, m.Unplaceable);
        Assert.Equal(1, m.Completed);
    }

    [Fact]
    public void Arrivals_out_of_order_are_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Run(OneCenter(), [
            Arrive(A.Job("late"), 100),
            Arrive(A.Job("early"), 0)]));
        Assert.Contains("ordered by submission time", error.Message);
    }

    [Fact]
    public void Energy_cost_and_carbon_are_metered_from_the_run()
    {
        // 1 GPU (300 W) + 1 core (10 W), 2 h, PUE 1.2, 500 g/kWh, ¥10/GPU-h + ¥0.1/core-h.
        var m = Run(OneCenter(), [Arrive(A.Job("a").NeedsGpus(1).ReferenceHours(2), 0)]);
        Assert.Equal(0.31 * 2 * 1.2, m.EnergyKwh, 9);
        Assert.Equal(0.31 * 2 * 1.2 * 500, m.CarbonGrams, 6);
        Assert.Equal((10 + 0.1) * 2, m.CostYuan, 9);
        Assert.Equal(0.2, m.RenewableKwh / m.EnergyKwh, 9);
    }

    [Fact]
    public void Work_in_western_hubs_is_counted()
    {
        var network = A.Network().Region("east").Region("west", RegionRole.West).Link("east", "west", 10, 100)
            .Center("e", "east", c => c.GpuPool("v100", 8, 1).Carbon(900))
            .Center("w", "west", c => c.GpuPool("v100", 8, 1).Carbon(100))
            .Build();
        var m = Run(network, [Arrive(A.Job("a").NeedsGpus(1).ReferenceHours(5), 0)], "greenest");
        Assert.Equal(m.Work, m.WesternWork, 9);
    }
}
