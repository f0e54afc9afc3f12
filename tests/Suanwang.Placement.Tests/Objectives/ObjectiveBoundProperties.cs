using CsCheck;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Objectives;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Tests.Properties;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Objectives;

/// <summary>
/// What branch and bound rests on: no objective's lower bound is ever above its value for the same pool. Checked
/// for every objective on the exact plans of random worlds (each center's best pool, every pool estimated).
/// </summary>
public class ObjectiveBoundProperties
{
    public static TheoryData<string> Objectives() => new(ObjectiveCatalog.Names);

    [Theory]
    [MemberData(nameof(Objectives))]
    public void An_objective_s_bound_never_exceeds_its_value(string name)
    {
        var objective = ObjectiveCatalog.Find(name);
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var world = RandomWorld.FromSeed(seed);
            var snapshot = world.Snapshot();
            var network = snapshot.Network;
            // Every objective weighed, so every candidate's plan is one this objective helped rank.
            var policy = PolicyCatalog.Create("suanwang:water=1");
            var decision = new PlacementEngine { Exhaustive = true }.Decide(snapshot, world.Job, seed, policy, A.Noon);

            var job = new JobContext();
            job.Prepare(network, world.Job, seed, Snapshots.Seconds(A.Noon));
            var admitted = new bool[network.PoolCount];
            Array.Fill(admitted, true);
            var pools = new PoolBounds();
            pools.Prepare(job, admitted);
            var bounds = new double[pools.Count];
            objective.AddLowerBounds(pools, 1.0, bounds);

            foreach (var candidate in decision.Candidates.Where(c => c.Plan is not null))
            {
                var plan = candidate.Plan!;
                int pool = network.PoolIndexOf(plan.CenterId, plan.PoolId);
                var estimate = Estimate(plan, pool, network.PoolCenter[pool]);
                double exact = Math.Log(Math.Max(objective.Value(estimate, job), objective.Floor));
                double bound = bounds[pools.Pools.IndexOf(pool)];
                Assert.True(bound <= exact + 1e-9 * Math.Max(1, Math.Abs(exact)),
                    $"{name} on {plan.CenterId}/{plan.PoolId}: bound {bound} above the exact ln value {exact}");
            }
        }, iter: 300);
    }

    private static CandidateEstimate Estimate(PlanNumbers plan, int pool, int center) => new()
    {
        Pool = pool,
        Center = center,
        DispatchSeconds = Snapshots.Seconds(plan.DispatchAt),
        StartSeconds = Snapshots.Seconds(plan.StartAt),
        FinishSeconds = Snapshots.Seconds(plan.FinishAt),
        StageInSeconds = plan.StageInSeconds,
        QueueWaitSeconds = plan.QueueWaitSeconds,
        DeferredSeconds = plan.DeferredSeconds,
        RuntimeSeconds = plan.RuntimeSeconds,
        StageOutSeconds = plan.StageOutSeconds,
        CostYuan = plan.CostYuan,
        EnergyKwh = plan.EnergyKwh,
        CarbonGrams = plan.CarbonKg * 1000,
        WaterLitres = plan.WaterLitres,
        RenewableShare = plan.RenewableShare,
    };
}
