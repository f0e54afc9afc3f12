using CsCheck;
using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>The <c>FeatureConstraintFilter</c>: a job's --constraint against each pool's node features.</summary>
public class FeatureConstraintFilterTests
{
    // east-1's A100s are faster, so without the constraint the job goes there.
    private static NetworkDefinition Featured() => WithFeatures(TwoCenters().Build(),
        ("east-1", ["a100", "gpu80g", "gpu", "ib"]),
        ("west-1", ["v100", "gpu32g", "gpu", "roce"]));

    private static NetworkDefinition WithFeatures(NetworkDefinition network, params (string Center, string[] Features)[] features) =>
        network with
        {
            Centers = network.Centers.Select(c => features.FirstOrDefault(f => f.Center == c.Id) is { Center: not null } f
                ? c with { Pools = c.Pools.Select(p => p with { Features = FeatureNames.SetOf(f.Features) }).ToList() }
                : c).ToList(),
        };

    private static JobRequest Constrained(string constraint, JobBuilder? job = null) =>
        (job ?? A.Job()).Build() is var j ? j with { Constraints = j.Constraints with { Features = FeatureConstraint.Parse(constraint) } } : null!;

    private static PlacementDecision Decide(NetworkDefinition network, JobRequest job, NetworkSnapshot? snapshot = null) =>
        new PlacementEngine().Decide(snapshot ?? Snapshots.Idle(network), job, 0, new SuanwangPolicy(), A.Noon);

    [Fact]
    public void Without_a_constraint_the_faster_center_wins()
    {
        Assert.Equal("east-1", Decide(Featured(), A.Job()).Plan!.CenterId);
    }

    [Fact]
    public void A_pool_without_the_features_is_filtered_and_says_what_it_has_and_what_the_job_needs()
    {
        var decision = Decide(Featured(), Constrained("gpu&roce"));
        Assert.Equal("west-1", decision.Plan!.CenterId);
        var east = Report(decision, "east-1");
        Assert.Equal("features", east.DecidingFactor);
        Assert.Equal(LossCode.FilteredFeatures, east.Code);
        Assert.Equal("pool 'a100' at center east-1 has features a100,gpu,gpu80g,ib; the job needs gpu&roce", east.Reason);
    }

    [Theory]
    [InlineData("[a100|v100]", "east-1")]
    [InlineData("(a100|h800)&ib", "east-1")]
    [InlineData("gpu32g|h800", "west-1")]
    [InlineData("a100*4", "east-1")]
    public void Every_form_is_honoured(string constraint, string center)
    {
        Assert.Equal(center, Decide(Featured(), Constrained(constraint)).Plan!.CenterId);
    }

    [Fact]
    public void A_count_beyond_the_pools_nodes_is_filtered_saying_so()
    {
        var decision = Decide(Featured(), Constrained("gpu*5"));
        Assert.Null(decision.Plan);
        Assert.Contains("the job needs gpu*5 on more nodes than its 4", Report(decision, "east-1").Reason);
    }

    [Fact]
    public void Only_a_constraint_no_pool_satisfies_leaves_the_job_nowhere_and_the_reason_lists_what_the_network_offers()
    {
        var decision = Decide(Featured(), Constrained("h100"));
        Assert.Null(decision.Plan);
        Assert.All(decision.Candidates, c => Assert.Equal(LossCode.FilteredFeatures, c.Code));
        Assert.Contains("no pool in the network satisfies it; the network offers a100,gpu,gpu32g,gpu80g,ib,roce,v100", Report(decision, "west-1").Reason);
        Assert.Contains("filtered by features", decision.Summary);
    }

    [Fact]
    public void Case_matters_as_in_Slurm()
    {
        Assert.Null(Decide(Featured(), Constrained("A100")).Plan);
    }

    [Fact]
    public void Features_a_center_reports_count_as_the_pools_own()
    {
        var network = Featured();
        var compiled = new CompiledNetwork(network);
        var reported = compiled.PoolFeatures.Select(f => f).ToArray();
        int westPool = compiled.PoolIndexOf("west-1", "v100");
        reported[westPool] = FeatureNames.SetOf([.. reported[westPool], "nvme"]);
        var snapshot = new NetworkSnapshot(compiled) { PoolFeatures = reported };

        Assert.Equal("west-1", Decide(network, Constrained("nvme"), snapshot).Plan!.CenterId);
        Assert.Null(Decide(network, Constrained("nvme")).Plan);
    }

    [Theory]
    [InlineData("gpu&roce")]
    [InlineData("h100")]
    [InlineData("a100*4")]
    [InlineData("gpu*5")]
    public void The_fast_path_agrees_with_the_explained_decision(string constraint)
    {
        var network = Featured();
        var job = Constrained(constraint);
        var fast = new PlacementEngine().Place(Snapshots.Idle(network), job, 0, new SuanwangPolicy(), SimTime.ToSeconds(A.Noon));
        var explained = Decide(network, job);
        Assert.Equal(explained.Plan is not null, fast.IsPlaced);
        if (fast.IsPlaced) Assert.Equal(explained.Plan!.CenterId, network.Centers[fast.Plan.Center].Id);
    }
}

/// <summary>On random feature sets: a placed job's pool always satisfies its constraint, and it is unplaced only when no pool does.</summary>
public class FeatureConstraintProperties
{
    private static readonly string[] Names = ["a100", "v100", "ib", "roce", "gpu80g", "nvme"];
    private static readonly string[] Constraints = ["a100", "a100&ib", "v100|nvme", "[ib|roce]", "(a100|v100)&roce", "gpu80g,nvme", "ib*4", "[a100*2&ib*2]"];

    [Fact]
    public void A_placed_job_is_on_a_pool_that_satisfies_its_constraint_and_unplaced_only_when_none_does()
    {
        var sets = Gen.Int[0, (1 << 6) - 1].Select(mask => Names.Where((_, i) => (mask & (1 << i)) != 0).ToArray());
        Gen.Select(sets, sets, Gen.Int[0, Constraints.Length - 1]).Sample((east, west, c) =>
        {
            var network = WithFeaturesOf(TwoCenters().Build(), east, west);
            var constraint = FeatureConstraint.Parse(Constraints[c]);
            var job = A.Job().Build() is var j ? j with { Constraints = j.Constraints with { Features = constraint } } : null!;
            var decision = new PlacementEngine().Decide(Snapshots.Idle(network), job, 0, new SuanwangPolicy(), A.Noon);
            var satisfying = network.Centers.Where(center => center.Pools.Any(p => constraint.IsSatisfiedBy(p.Features, p.NodeCount))).Select(center => center.Id).ToList();
            if (decision.Plan is { } plan) Assert.Contains(plan.CenterId, satisfying);
            else Assert.Empty(satisfying);
        }, iter: 300);
    }

    private static NetworkDefinition WithFeaturesOf(NetworkDefinition network, string[] east, string[] west) => network with
    {
        Centers = network.Centers.Select(c => c with
        {
            Pools = c.Pools.Select(p => p with { Features = FeatureNames.SetOf(c.Id == "east-1" ? east : west) }).ToList(),
        }).ToList(),
    };
}
