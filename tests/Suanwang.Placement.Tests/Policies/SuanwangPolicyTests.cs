using Suanwang.Placement.Decisions;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Policies.PolicyScenarios;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>The <c>SuanwangPolicy</c> on the shared east–west–cold network.</summary>
public class SuanwangPolicyTests
{
    [Fact]
    public void Weights_follow_the_job_s_carbon_preference()
    {
        var job = new JobContext();
        job.Prepare(new CompiledNetwork(EastWestCold()), A.Job().CarbonWeight(0), 0, 0);
        var weights = new SuanwangPolicy().WeightsByName(job);
        Assert.Equal(1 / 1.9, weights["completion-time"], 12);   // time 1, cost 0.6, carbon 0.3 + 1.7 × 0
        Assert.Equal(0.6 / 1.9, weights["cost"], 12);
        Assert.Equal(0.3 / 1.9, weights["carbon"], 12);
        job.Prepare(new CompiledNetwork(EastWestCold()), A.Job().CarbonWeight(1), 0, 0);
        Assert.Equal(2.0 / 3.6, new SuanwangPolicy().WeightsByName(job)["carbon"], 12);
    }

    [Fact]
    public void The_score_is_the_weighted_sum_of_logs()
    {
        // 1 GPU, 4 reference hours, carbon weight 0, on west-1 (V100, speed 1, ¥8/h + ¥0.1/core-h,
        // PUE 1.2, 100 g/kWh, 1 Gbps from nowhere: no data): T = 4 h, C = 4 × 8.1, G = 0.31 kW × 4 h × 1.2 × 100.
        var network = new CompiledNetwork(EastWestCold());
        var job = new JobContext();
        job.Prepare(network, A.Job().NeedsGpus(1).ReferenceHours(4).OnlyOn("west-1"), 0, Snapshots.Seconds(A.Noon));
        var plan = Decide("suanwang", A.Job().NeedsGpus(1).ReferenceHours(4).OnlyOn("west-1")).Plan!;
        var estimate = new CandidateEstimate
        {
            FinishSeconds = Snapshots.Seconds(plan.FinishAt),
            CostYuan = plan.CostYuan,
            CarbonGrams = plan.CarbonKg * 1000,
        };
        double expected = 1 / 1.9 * Math.Log(4 * 3600) + 0.6 / 1.9 * Math.Log(4 * 8.1) + 0.3 / 1.9 * Math.Log(0.31 * 4 * 1.2 * 100);
        Assert.Equal(expected, new SuanwangPolicy().Score(estimate, job), 9);
    }

    [Fact]
    public void Suanwang_keeps_big_data_near_when_moving_it_costs_more_than_it_saves()
    {
        var decision = Decide("suanwang", A.Job().NeedsGpus(1).ReferenceHours(1).WithDataAt("east", 2048));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        var west = decision.Candidates.Single(c => c.CenterId == "west-1");
        Assert.Equal(CandidateVerdict.Outscored, west.Verdict);
        Assert.Equal("completion-time", west.DecidingFactor);
        Assert.Equal(LossCode.Slower, west.Code);
    }
    [Fact]
    public void Suanwang_sends_long_compute_west_when_carbon_matters()
    {
        var decision = Decide("suanwang", A.Job().NeedsGpus(1).ReferenceHours(24).CarbonWeight(1));
        Assert.Equal("west-1", decision.Plan!.CenterId);
    }
}
