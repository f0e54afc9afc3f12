using Suanwang.Model.Network;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Policies;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Policies;

public class PolicyTests
{
    // Data in the east. East: fast A100s, pricey, dirty grid. West: slower V100s, cheap, clean,
    // behind a 1 Gbps link (so big inputs take long to move). Cold: slow T4s, cheapest of all.
    private static NetworkDefinition Network() => A.Network()
        .Region("east").Region("west", RegionRole.West).Region("cold", RegionRole.West)
        .Link("east", "west", 20, 1, 0.1).Link("east", "cold", 30, 100, 0.1)
        .Center("east-1", "east", c => c.GpuPool("a100", 8, 2).Price(30).Carbon(700))
        .Center("west-1", "west", c => c.GpuPool("v100", 8, 2).Price(8).Carbon(100))
        .Center("cold-1", "cold", c => c.GpuPool("t4", 8, 2).Price(2).Carbon(400))
        .Build();

    private static PlacementDecision Decide(string policy, JobBuilder job) =>
        new PlacementEngine().Decide(Snapshots.Idle(Network()), job, 0, PolicyCatalog.Create(policy), A.Noon);

    [Fact]
    public void Cheapest_picks_the_lowest_price_believing_runtimes_equal()
    {
        var decision = Decide("cheapest", A.Job().NeedsGpus(1).ReferenceHours(4));
        Assert.Equal("cold-1", decision.Plan!.CenterId);
        // What really happens: the T4 runs at half speed, so 8 hours.
        Assert.Equal(8 * 3600, decision.Plan.RuntimeSeconds, 6);
    }

    [Fact]
    public void Greenest_picks_the_least_carbon()
    {
        Assert.Equal("west-1", Decide("greenest", A.Job().NeedsGpus(1).ReferenceHours(4)).Plan!.CenterId);
    }

    [Fact]
    public void First_to_start_does_not_see_the_data_but_its_plan_pays_for_it()
    {
        // 2 TiB of input: 4.8 h to the west over 1 Gbps. All centers are idle, so every start is "now"
        // to a data-blind policy; the tie goes to the lowest id (cold-1) and the truth adds the transfer.
        var decision = Decide("first-to-start", A.Job().NeedsGpus(1).ReferenceHours(1).WithDataAt("east", 2048));
        Assert.Equal("cold-1", decision.Plan!.CenterId);
        Assert.True(decision.Plan.StageInSeconds > 100);
    }

    [Fact]
    public void Suanwang_keeps_big_data_near_when_moving_it_costs_more_than_it_saves()
    {
        var decision = Decide("suanwang", A.Job().NeedsGpus(1).ReferenceHours(1).WithDataAt("east", 2048));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        var west = decision.Candidates.Single(c => c.CenterId == "west-1");
        Assert.Equal(CandidateVerdict.Outscored, west.Verdict);
        Assert.Equal("completion-time", west.DecidingFactor);
    }

    [Fact]
    public void Suanwang_sends_long_compute_west_when_carbon_matters()
    {
        var decision = Decide("suanwang", A.Job().NeedsGpus(1).ReferenceHours(24).CarbonWeight(1));
        Assert.Equal("west-1", decision.Plan!.CenterId);
    }

    [Fact]
    public void Least_loaded_picks_the_emptiest_pool()
    {
        var snapshot = Snapshots.Idle(Network());
        double now = Snapshots.Seconds(A.Noon);
        snapshot.PoolProfiles[0].Reserve(now, now + 3600, new(4, 0, 0));
        snapshot.PoolProfiles[2].Reserve(now, now + 3600, new(2, 0, 0));
        var decision = new PlacementEngine().Decide(snapshot, A.Job().NeedsGpus(1), 0, new LeastLoadedPolicy(), A.Noon);
        Assert.Equal("west-1", decision.Plan!.CenterId);
    }

    [Fact]
    public void Round_robin_takes_feasible_centers_in_turn_by_sequence()
    {
        var engine = new PlacementEngine();
        var snapshot = Snapshots.Idle(Network());
        var chosen = Enumerable.Range(0, 4).Select(seq => engine.Decide(snapshot, A.Job().NeedsGpus(1), seq, new RoundRobinPolicy(), A.Noon).Plan!.CenterId).ToList();
        Assert.Equal(["cold-1", "east-1", "west-1", "cold-1"], chosen);
    }

    [Fact]
    public void The_explanation_lists_every_center_once_with_the_winner_first()
    {
        var decision = Decide("suanwang", A.Job().NeedsGpus(1).ReferenceHours(4));
        Assert.Equal(3, decision.Candidates.Count);
        Assert.Equal(decision.Plan!.CenterId, decision.Candidates[0].CenterId);
        Assert.Equal(CandidateVerdict.Chosen, decision.Candidates[0].Verdict);
        Assert.All(decision.Candidates.Skip(1), c =>
        {
            Assert.Equal(CandidateVerdict.Outscored, c.Verdict);
            Assert.NotNull(c.DecidingFactor);
            Assert.NotNull(c.Plan);
            Assert.True(c.Score >= decision.Candidates[0].Score);
        });
    }

    [Fact]
    public void Without_an_explanation_the_choice_is_the_same()
    {
        var engine = new PlacementEngine();
        var snapshot = Snapshots.Idle(Network());
        JobBuilder job = A.Job().NeedsGpus(2).ReferenceHours(6).WithDataAt("east", 300).CarbonWeight(0.5);
        var explained = engine.Decide(snapshot, job, 0, new SuanwangPolicy(), A.Noon, explain: true);
        var fast = engine.Decide(snapshot, job, 0, new SuanwangPolicy(), A.Noon, explain: false);
        Assert.Equal(explained.Plan, fast.Plan);
        Assert.Empty(fast.Candidates);
    }

    [Fact]
    public void Preferred_centers_break_ties()
    {
        var network = A.Network().Region("east")
            .Center("a", "east", c => c.GpuPool("v100", 8, 1))
            .Center("b", "east", c => c.GpuPool("v100", 8, 1))
            .Build();
        var engine = new PlacementEngine();
        Assert.Equal("a", engine.Decide(Snapshots.Idle(network), A.Job(), 0, new SuanwangPolicy(), A.Noon).Plan!.CenterId);
        Assert.Equal("b", engine.Decide(Snapshots.Idle(network), A.Job().Prefers("b"), 0, new SuanwangPolicy(), A.Noon).Plan!.CenterId);
    }

    [Fact]
    public void Unknown_policy_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => PolicyCatalog.Create("fastest"));
        Assert.Contains("suanwang, first-to-start, cheapest, greenest, round-robin, least-loaded", error.Message);
    }
}
