using Suanwang.Model.Network;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>Each hard filter, on a network where it is the only thing that can decide.</summary>
public class FilterTests
{
    private static PlacementDecision Decide(NetworkDefinition network, JobBuilder job, NetworkSnapshot? snapshot = null) =>
        new PlacementEngine().Decide(snapshot ?? Snapshots.Idle(network), job, 0, new SuanwangPolicy(), A.Noon);

    private static NetworkBuilder TwoCenters() => A.Network()
        .Region("east").Region("west", RegionRole.West).Link("east", "west", 20, 100)
        .Center("east-1", "east", c => c.GpuPool("a100", 8, 4).Price(30))
        .Center("west-1", "west", c => c.GpuPool("v100", 8, 4).Price(5));

    private static CandidateReport Report(PlacementDecision decision, string center) => decision.Candidates.Single(c => c.CenterId == center);

    [Fact]
    public void Accelerator_model_outside_the_job_s_list_is_filtered()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1, "a100"));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("accelerator", Report(decision, "west-1").DecidingFactor);
        Assert.Contains("v100 is not among the job's accelerator models", Report(decision, "west-1").Reason);
    }

    [Fact]
    public void Too_little_device_memory_is_filtered()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).MinGpuMemoryGiB(40));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Contains("32 GiB per device, the job needs 40 GiB", Report(decision, "west-1").Reason);
    }

    [Fact]
    public void A_cpu_only_job_goes_to_a_cpu_pool()
    {
        var network = TwoCenters().Center("cpu-1", "west", c => c.CpuPool(64, 4)).Build();
        var decision = Decide(network, A.Job().NeedsCpusOnly(16));
        Assert.Equal("cpu-1", decision.Plan!.CenterId);
        Assert.Equal("accelerator", Report(decision, "east-1").DecidingFactor);
    }

    [Fact]
    public void Residency_keeps_data_in_its_zone()
    {
        var network = A.Network().Region("cn-east").Region("overseas", RegionRole.Other, zone: "sg").Link("cn-east", "overseas", 50, 10)
            .Center("shanghai", "cn-east", c => c.GpuPool("v100", 8, 1).Price(50))
            .Center("singapore", "overseas", c => c.GpuPool("v100", 8, 1).Price(1))
            .Build();
        var decision = Decide(network, A.Job().NeedsGpus(1).Residency("cn"));
        Assert.Equal("shanghai", decision.Plan!.CenterId);
        Assert.Equal("residency", Report(decision, "singapore").DecidingFactor);
    }

    [Fact]
    public void Allowed_centers_are_respected()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).OnlyOn("east-1"));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("allowed-centers", Report(decision, "west-1").DecidingFactor);
    }

    [Fact]
    public void A_pool_too_small_for_the_gang_is_filtered()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(40).OnNodes(5));
        Assert.False(decision.IsPlaced);
        Assert.All(decision.Candidates, c => Assert.Equal("pool-size", c.DecidingFactor));
        Assert.Contains("the job spans 5", decision.Candidates[0].Reason);
    }

    [Fact]
    public void A_center_that_cannot_finish_by_the_deadline_is_filtered()
    {
        // 10 reference hours: 5 h on the A100s in the east, 10 h on the V100s in the west; deadline in 6 h.
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).ReferenceHours(10).Deadline(A.Noon.AddHours(6)));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("deadline", Report(decision, "west-1").DecidingFactor);
    }

    [Fact]
    public void A_center_above_the_price_ceiling_is_filtered()
    {
        // 1 GPU for 2 reference hours: east 1 h × ¥30 = ¥30, west 2 h × ¥5 = ¥10, plus ¥0.1 × cpu-hours.
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).ReferenceHours(2).MaxPrice(20));
        Assert.Equal("west-1", decision.Plan!.CenterId);
        Assert.Equal("price-ceiling", Report(decision, "east-1").DecidingFactor);
    }

    [Fact]
    public void A_service_runs_within_its_latency_objective()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).Service(usersAt: "east", maxLatencyMs: 5));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("latency-objective", Report(decision, "west-1").DecidingFactor);
        Assert.Contains("20 ms from the users", Report(decision, "west-1").Reason);
    }

    [Fact]
    public void Down_and_draining_centers_take_no_work()
    {
        var network = TwoCenters().Build();
        var snapshot = Snapshots.Idle(network);
        snapshot.Availability[1] = CenterAvailability.Down;
        var decision = Decide(network, A.Job().NeedsGpus(1), snapshot);
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("center-available", Report(decision, "west-1").DecidingFactor);
        Assert.Equal("center is down", Report(decision, "west-1").Reason);
    }

    [Fact]
    public void When_nothing_fits_the_decision_says_why()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1, "h800"));
        Assert.False(decision.IsPlaced);
        Assert.Contains("No center can take job 'job-1'", decision.Summary);
        Assert.Contains("2 pool(s) by accelerator", decision.Summary);
    }
}
