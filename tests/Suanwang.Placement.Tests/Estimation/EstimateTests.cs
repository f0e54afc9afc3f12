using Suanwang.Model.Network;
using Suanwang.Placement.Policies;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Estimation;

/// <summary>The predicted numbers, against figures computed by hand.</summary>
public class EstimateTests
{
    // One western center with A100s (speed 2.0) behind a 10 Gbps, 20 ms, ¥0.5/GB link from the east.
    private static readonly NetworkDefinition Network = A.Network()
        .Region("east").Region("west", RegionRole.West)
        .Link("east", "west", latencyMs: 20, bandwidthGbps: 10, pricePerGbYuan: 0.5)
        .Center("qingyang", "west", c => c.GpuPool("a100", 8, 2).Price(perGpuHour: 10, perCpuHour: 0.1).Pue(1.2).Carbon(500).Renewable(0.3))
        .Build();

    private static readonly Decisions.PlanNumbers Plan = new PlacementEngine()
        .Decide(Snapshots.Idle(Network), A.Job().NeedsGpus(4).WithCpus(8).ReferenceHours(10).WithDataAt("east", 100).OutputTo("east", 10), 0, new SuanwangPolicy(), A.Noon)
        .Plan!;

    [Fact]
    public void Stage_in_is_latency_plus_size_over_bandwidth() =>
        Assert.Equal(0.02 + 100 * 8.589934592 / 10, Plan.StageInSeconds, 6);

    [Fact]
    public void Runtime_is_reference_hours_over_the_accelerator_speed() =>
        Assert.Equal(5 * 3600, Plan.RuntimeSeconds, 6);

    [Fact]
    public void Energy_is_board_and_cpu_power_times_hours_times_pue() =>
        // (4 × 400 W + 8 × 10 W) × 5 h × 1.2 = 10.08 kWh
        Assert.Equal(10.08, Plan.EnergyKwh, 9);

    [Fact]
    public void Carbon_is_energy_times_grid_intensity() =>
        Assert.Equal(10.08 * 500 / 1000, Plan.CarbonKg, 9);

    [Fact]
    public void Cost_is_compute_plus_transfer_both_ways() =>
        // (4 × ¥10 + 8 × ¥0.1) × 5 h = ¥204; (100 + 10) GiB × 1.073741824 GB/GiB × ¥0.5
        Assert.Equal(204 + 110 * 1.073741824 * 0.5, Plan.CostYuan, 6);

    [Fact]
    public void Finish_is_start_plus_runtime_plus_stage_out()
    {
        double stageOut = 0.02 + 10 * 8.589934592 / 10;
        Assert.Equal(stageOut, Plan.StageOutSeconds, 6);
        Assert.Equal(Plan.StartAt.AddSeconds(5 * 3600 + stageOut), Plan.FinishAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(A.Noon.AddSeconds(Plan.StageInSeconds), Plan.StartAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void An_hour_of_day_price_is_integrated_over_the_run()
    {
        // Half price from 12:00 to 14:00 UTC, full price otherwise; a 4-hour run from noon pays 3/4.
        var multipliers = Enumerable.Repeat(1.0, 24).ToArray();
        multipliers[12] = multipliers[13] = 0.5;
        var network = A.Network().Region("east").Center("c", "east", c => c.GpuPool("v100", 8, 1).Price(10, 0).HourOfDayPrices(multipliers)).Build();
        var plan = new PlacementEngine().Decide(Snapshots.Idle(network), A.Job().NeedsGpus(1).ReferenceHours(4), 0, new SuanwangPolicy(), A.Noon).Plan!;
        Assert.Equal(10 * 4 * 0.75, plan.CostYuan, 6);
    }

    [Fact]
    public void A_service_runs_for_its_stated_duration_whatever_the_accelerator()
    {
        // 10 hours of service on A100s (speed 2.0) is still 10 hours, and is paid and powered for 10 hours.
        var plan = new PlacementEngine().Decide(Snapshots.Idle(Network), A.Job().NeedsGpus(1).WithCpus(0).ReferenceHours(10).Service(usersAt: "west", maxLatencyMs: 50), 0, new SuanwangPolicy(), A.Noon).Plan!;
        Assert.Equal(10 * 3600, plan.RuntimeSeconds, 6);
        Assert.Equal(10 * 10, plan.CostYuan, 6);
        Assert.Equal(0.4 * 10 * 1.2, plan.EnergyKwh, 9);
    }

    [Fact]
    public void A_pool_with_its_own_price_is_charged_that_price()
    {
        var network = A.Network().Region("east")
            .Center("c", "east", c => c.GpuPool("v100", 8, 1, perGpuHour: 4).GpuPool("a100", 8, 1, perGpuHour: 20).Price(perGpuHour: 10, perCpuHour: 0))
            .Build();
        var decision = new PlacementEngine().Decide(Snapshots.Idle(network), A.Job().NeedsGpus(1, "a100").ReferenceHours(2), 0, new SuanwangPolicy(), A.Noon);
        Assert.Equal(20 * 1, decision.Plan!.CostYuan, 6); // 2 reference hours at speed 2 = 1 h
    }

    [Fact]
    public void Queue_wait_comes_from_the_pool_s_committed_work()
    {
        var snapshot = Snapshots.Idle(Network);
        var network = snapshot.Network;
        double now = Snapshots.Seconds(A.Noon);
        snapshot.PoolProfiles[0].Reserve(now, now + 7200, new(14, 0, 0));
        var plan = new PlacementEngine().Decide(snapshot, A.Job().NeedsGpus(4).ReferenceHours(1), 0, new SuanwangPolicy(), A.Noon).Plan!;
        Assert.Equal(7200, plan.QueueWaitSeconds, 6);
        Assert.Equal(A.Noon.AddHours(2), plan.StartAt);
        _ = network;
    }

    [Fact]
    public void A_gang_starts_only_when_all_its_nodes_are_free()
    {
        var snapshot = Snapshots.Idle(Network);
        double now = Snapshots.Seconds(A.Noon);
        snapshot.PoolProfiles[0].Reserve(now, now + 3600, new(1, 0, 0)); // one GPU busy for an hour
        var plan = new PlacementEngine().Decide(snapshot, A.Job().NeedsGpus(16).OnNodes(2).ReferenceHours(1), 0, new SuanwangPolicy(), A.Noon).Plan!;
        Assert.Equal(A.Noon.AddHours(1), plan.StartAt);
    }
}
