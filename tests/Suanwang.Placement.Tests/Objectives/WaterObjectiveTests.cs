using Suanwang.Model.Network;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Policies;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Objectives;

/// <summary>Water as an objective: estimated from each center's WUE, shown in every plan, weighed only when asked.</summary>
public class WaterObjectiveTests
{
    // Twins but for cooling: "wet" (cooling towers, 2 L/kWh) is a little cheaper than "dry" (dry coolers, 0.2 L/kWh).
    private static NetworkDefinition WetAndDry() => A.Network().Region("east")
        .Center("wet", "east", c => c.GpuPool("v100", 8, 2).Price(9.5).Wue(2.0))
        .Center("dry", "east", c => c.GpuPool("v100", 8, 2).Price(10).Wue(0.2))
        .Build();

    private static PlacementDecision Decide(string policy, JobBuilder job) =>
        new PlacementEngine().Decide(Snapshots.Idle(WetAndDry()), job, 0, PolicyCatalog.Create(policy), A.Noon);

    [Fact]
    public void Weighing_water_moves_the_job_to_the_center_that_cools_with_less_water()
    {
        var job = A.Job().NeedsGpus(4).ReferenceHours(10);

        var byDefault = Decide("suanwang", job);
        var weighed = Decide("suanwang:water=1", job);

        Assert.Equal("wet", byDefault.Plan!.CenterId);
        Assert.Equal("dry", weighed.Plan!.CenterId);
        var wet = weighed.Candidates.Single(c => c.CenterId == "wet");
        Assert.Equal(CandidateVerdict.Outscored, wet.Verdict);
        Assert.Equal(LossCode.MoreWater, wet.Code);
        Assert.Equal("water", wet.DecidingFactor);
        Assert.Equal("uses more water", wet.Reason);
    }

    [Fact]
    public void A_plan_s_water_is_its_IT_energy_times_the_center_s_WUE()
    {
        // 4 V100s (300 W) + 64 default cores (10 W) for 10 h: IT energy 4 × 0.3 × 10 + 64 × 0.01 × 10 = 18.4 kWh.
        var plan = Decide("suanwang", A.Job().NeedsGpus(4).WithCpus(64).ReferenceHours(10).OnlyOn("wet")).Plan!;

        Assert.Equal(18.4 * 1.2, plan.EnergyKwh, 9);     // facility energy, PUE 1.2
        Assert.Equal(18.4 * 2.0, plan.WaterLitres, 9);   // WUE applies to IT energy, not facility energy
        Assert.Contains("36.8 L water", Decide("suanwang", A.Job().NeedsGpus(4).WithCpus(64).ReferenceHours(10).OnlyOn("wet")).Summary);
    }

    [Fact]
    public void Every_candidate_s_plan_carries_its_water()
    {
        var decision = Decide("suanwang", A.Job().NeedsGpus(4).ReferenceHours(10));

        var wet = decision.Candidates.Single(c => c.CenterId == "wet").Plan!;
        var dry = decision.Candidates.Single(c => c.CenterId == "dry").Plan!;
        Assert.Equal(10, wet.WaterLitres / dry.WaterLitres, 9); // same energy, a tenth of the WUE
    }

    [Fact]
    public void A_dry_cooled_center_uses_no_water_and_is_still_ranked()
    {
        var network = A.Network().Region("east")
            .Center("wet", "east", c => c.GpuPool("v100", 8, 2).Wue(1.0))
            .Center("dry", "east", c => c.GpuPool("v100", 8, 2).Wue(0))
            .Build();

        var decision = new PlacementEngine().Decide(Snapshots.Idle(network), A.Job().NeedsGpus(1).ReferenceHours(1), 0, PolicyCatalog.Create("suanwang:water=1"), A.Noon);

        Assert.Equal("dry", decision.Plan!.CenterId);
        Assert.Equal(0, decision.Plan.WaterLitres);
    }
}
