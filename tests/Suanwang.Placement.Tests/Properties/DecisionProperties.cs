using CsCheck;
using Suanwang.Model.Network;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Policies;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Properties;

/// <summary>Invariants that hold for every policy on random networks, loads and jobs.</summary>
public class DecisionProperties
{
    public static TheoryData<string> Policies() => new(PolicyCatalog.Names);

    [Theory]
    [MemberData(nameof(Policies))]
    public void A_decision_never_violates_a_hard_constraint(string policyName)
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var world = RandomWorld.FromSeed(seed);
            var snapshot = world.Snapshot();
            var policy = PolicyCatalog.Create(policyName);
            var decision = new PlacementEngine().Decide(snapshot, world.Job, seed, policy, A.Noon);
            if (!decision.IsPlaced)
            {
                Assert.All(decision.Candidates, c => Assert.Equal(CandidateVerdict.Filtered, c.Verdict));
                return;
            }
            var plan = decision.Plan!;
            var job = world.Job;
            var network = snapshot.Network;
            var center = world.Network.FindCenter(plan.CenterId)!;
            var model = world.Network.Catalog.Find(plan.AcceleratorModelId)!;
            var pool = center.Pools.Single(p => p.Id == plan.PoolId);
            var constraints = job.Constraints;
            if (constraints.AllowedCenters.Count > 0) Assert.Contains(plan.CenterId, constraints.AllowedCenters);
            if (constraints.Residency is { } zone) Assert.Equal(zone, center.ResidencyZone);
            Assert.Equal(job.Resources.IsCpuOnly, model.Kind == ProcessorKind.Cpu);
            if (job.Resources.AcceleratorModels.Count > 0) Assert.Contains(model.Id, job.Resources.AcceleratorModels);
            Assert.True(model.MemoryGiB >= job.Resources.MinAcceleratorMemoryGiB || model.Kind == ProcessorKind.Cpu);
            Assert.True(job.Resources.Nodes <= pool.NodeCount);
            // Baselines that ignore data or speed may plan past a deadline or ceiling; Suanwang and greenest never do.
            if (!policy.Belief.IsPartial)
            {
                if (constraints.Deadline is { } deadline) Assert.True(plan.FinishAt <= deadline.AddMilliseconds(1), $"finish {plan.FinishAt:O} after deadline {deadline:O}");
                if (constraints.MaxPriceYuan is { } ceiling) Assert.True(plan.CostYuan <= ceiling + 1e-6);
            }
            if (constraints.MaxLatencyMs is { } latency && constraints.UsersRegionId is { } users)
                Assert.True(network.Paths.LatencyMs(network.RegionIndex[users], network.RegionIndex[center.RegionId]) <= latency + 1e-9);
            // The plan's capacity really is free for its whole run.
            int poolIndex = network.PoolIndex(plan.CenterId, plan.PoolId);
            var demand = network.PoolIsCpu[poolIndex] ? new Suanwang.Placement.Capacity.ResourceVector(0, job.Resources.Cpus, job.Resources.MemoryGiB) : new Suanwang.Placement.Capacity.ResourceVector(job.Resources.AcceleratorCount, job.Resources.Cpus, job.Resources.MemoryGiB);
            Assert.True(snapshot.PoolProfiles[poolIndex].FitsAt(demand, plan.RuntimeSeconds, Snapshots.Seconds(plan.StartAt)));
            Assert.True(plan.StartAt >= A.Noon);
        }, iter: 300);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_loser_carries_a_loss_code_that_matches_its_verdict_and_the_winner_none(string policyName)
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var world = RandomWorld.FromSeed(seed);
            var decision = new PlacementEngine().Decide(world.Snapshot(), world.Job, seed, PolicyCatalog.Create(policyName), A.Noon);
            foreach (var c in decision.Candidates)
            {
                if (c.Verdict == CandidateVerdict.Chosen) { Assert.Null(c.Code); continue; }
                Assert.NotNull(c.Code);
                Assert.True(Enum.IsDefined(c.Code.Value));
                Assert.Equal(c.Verdict == CandidateVerdict.Filtered, c.Code.Value.ToString().StartsWith("Filtered", StringComparison.Ordinal));
            }
        }, iter: 200);
    }

    [Fact]
    public void Deferral_never_passes_a_deadline_or_leaves_the_window()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var world = RandomWorld.FromSeed(seed);
            var job = world.Job with { Preferences = world.Job.Preferences with { FlexibleStartHours = 12, CarbonWeight = 1 } };
            var plan = new PlacementEngine().Decide(world.Snapshot(), job, 0, new SuanwangPolicy(), A.Noon).Plan;
            if (plan is null) return;
            if (job.Constraints.Deadline is { } deadline) Assert.True(plan.FinishAt <= deadline.AddMilliseconds(1));
            Assert.True(plan.DeferredSeconds >= 0);
            Assert.True(plan.QueueWaitSeconds - 1e-6 <= plan.QueueWaitSeconds - plan.DeferredSeconds + 12 * 3600);
            Assert.True(plan.StartAt <= A.Noon.AddSeconds(plan.StageInSeconds + plan.QueueWaitSeconds - plan.DeferredSeconds + 12 * 3600 + 1));
        }, iter: 300);
    }

    /// <summary>Every policy, and the suanwang policy weighted otherwise by objective name (each objective's bound prunes alone or mixed).</summary>
    public static TheoryData<string> PoliciesAndWeightings() => new(PolicyCatalog.Names.Concat(
        ["suanwang:completion-time=0,carbon=0", "suanwang:cost=0,carbon=0", "suanwang:completion-time=0,cost=0,carbon=1", "suanwang:cost=3,carbon=2",
         "suanwang:water=1", "suanwang:completion-time=0,cost=0,carbon=0,water=1", "suanwang:water=3,carbon=0.5"]));

    [Theory]
    [MemberData(nameof(PoliciesAndWeightings))]
    public void The_fast_path_chooses_exactly_what_evaluating_every_pool_chooses(string policyName)
    {
        // The fast path skips pools whose bounds cannot win (branch and bound), the explained path
        // skips a center's pools that cannot beat its best; both must choose exactly what estimating
        // every pool chooses, and the explained path must show each center's exact best.
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var world = RandomWorld.FromSeed(seed);
            var snapshot = world.Snapshot();
            var policy = PolicyCatalog.Create(policyName);
            var reference = new PlacementEngine { Exhaustive = true }.Decide(snapshot, world.Job, seed, policy, A.Noon, explain: true);
            var engine = new PlacementEngine();
            var explained = engine.Decide(snapshot, world.Job, seed, policy, A.Noon, explain: true);
            var fast = engine.Decide(snapshot, world.Job, seed, policy, A.Noon, explain: false);
            Assert.Equal(reference.Plan, fast.Plan);
            Assert.Equal(reference.Plan, explained.Plan);
            Assert.Equal(reference.Candidates.Select(c => (c.CenterId, c.Verdict, c.Plan?.PoolId, c.Plan?.StartAt)),
                         explained.Candidates.Select(c => (c.CenterId, c.Verdict, c.Plan?.PoolId, c.Plan?.StartAt)));
        }, iter: 300);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void The_order_centers_are_listed_in_does_not_change_the_decision(string policyName)
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var world = RandomWorld.FromSeed(seed);
            var engine = new PlacementEngine();
            var original = engine.Decide(world.Snapshot(), world.Job, seed, PolicyCatalog.Create(policyName), A.Noon, explain: false).Plan;
            var shuffled = engine.Decide(world.Snapshot(world.Shuffled(seed)), world.Job, seed, PolicyCatalog.Create(policyName), A.Noon, explain: false).Plan;
            // Same choice; path sums may differ in the last bit when regions are listed differently.
            Assert.Equal(original?.CenterId, shuffled?.CenterId);
            Assert.Equal(original?.PoolId, shuffled?.PoolId);
            Assert.Equal(original?.StartAt, shuffled?.StartAt);
            if (original is not null) Assert.Equal(original.CostYuan, shuffled!.CostYuan, 1e-9 * Math.Max(1, original.CostYuan));
        }, iter: 200);
    }
}
