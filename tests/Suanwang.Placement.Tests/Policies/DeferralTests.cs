using Suanwang.Model.Network;
using Suanwang.Placement.Policies;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Policies;

public class DeferralTests
{
    // Carbon by UTC hour: dirty at noon, clean from 15:00 to 17:00.
    private static NetworkDefinition SolarNetwork()
    {
        var hourly = Enumerable.Repeat(600.0, 24).ToArray();
        hourly[15] = hourly[16] = 100;
        return A.Network().Region("east")
            .Center("solar", "east", c => c.GpuPool("v100", 8, 1).CarbonHourly(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), hourly))
            .Build();
    }

    [Fact]
    public void A_flexible_job_waits_for_the_green_hours()
    {
        var plan = new PlacementEngine().Decide(Snapshots.Idle(SolarNetwork()), A.Job().ReferenceHours(2).Flexible(6), 0, new SuanwangPolicy(), A.Noon).Plan!;
        Assert.Equal(A.Noon.AddHours(3), plan.StartAt);
        Assert.Equal(3 * 3600, plan.DeferredSeconds, 6);
        Assert.Equal(2 * 0.31 * 1.2 * 100 / 1000, plan.CarbonKg, 6); // (300 W + 1 core × 10 W) × 2 h × PUE 1.2 × 100 g/kWh
    }

    [Fact]
    public void A_job_without_flexibility_starts_now()
    {
        var plan = new PlacementEngine().Decide(Snapshots.Idle(SolarNetwork()), A.Job().ReferenceHours(2).CarbonWeight(1), 0, new SuanwangPolicy(), A.Noon).Plan!;
        Assert.Equal(A.Noon, plan.StartAt);
    }

    [Fact]
    public void Deferral_never_passes_the_deadline()
    {
        // Finishing at 17:00 would be greenest, but the deadline is 16:30.
        var plan = new PlacementEngine().Decide(Snapshots.Idle(SolarNetwork()),
            A.Job().ReferenceHours(2).Flexible(6).Deadline(A.Noon.AddHours(4.5)), 0, new SuanwangPolicy(), A.Noon).Plan!;
        Assert.True(plan.FinishAt <= A.Noon.AddHours(4.5));
        Assert.Equal(A.Noon.AddHours(2), plan.StartAt); // 14:00–16:00: half of it in the green hour
    }

    [Fact]
    public void Deferral_stays_inside_the_window()
    {
        var plan = new PlacementEngine().Decide(Snapshots.Idle(SolarNetwork()), A.Job().ReferenceHours(2).Flexible(1), 0, new SuanwangPolicy(), A.Noon).Plan!;
        Assert.True(plan.StartAt <= A.Noon.AddHours(1));
    }

    [Fact]
    public void First_to_start_never_defers()
    {
        var plan = new PlacementEngine().Decide(Snapshots.Idle(SolarNetwork()), A.Job().ReferenceHours(2).Flexible(6), 0, new FirstToStartPolicy(), A.Noon).Plan!;
        Assert.Equal(A.Noon, plan.StartAt);
    }
}
