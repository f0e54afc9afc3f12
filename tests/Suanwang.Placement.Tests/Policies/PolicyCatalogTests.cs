using Suanwang.Placement.Policies;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Policies.PolicyScenarios;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>Policies by name, and the suanwang policy's weights by objective name.</summary>
public class PolicyCatalogTests
{
    [Fact]
    public void Unknown_policy_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => PolicyCatalog.Create("fastest"));
        Assert.Contains("suanwang, first-to-start, cheapest, greenest, round-robin, least-loaded", error.Message);
    }

    [Theory]
    [InlineData("suanwang", "suanwang")]
    [InlineData("Suanwang", "suanwang")]
    [InlineData("suanwang:cost=0.6", "suanwang")]               // the default weight: the same policy
    [InlineData("suanwang:carbon=2, cost=1", "suanwang:cost=1,carbon=2")] // objectives in their fixed order
    [InlineData("suanwang:COST=1", "suanwang:cost=1")]
    public void Weights_are_given_by_objective_name_and_named_canonically(string spelling, string name) =>
        Assert.Equal(name, PolicyCatalog.Create(spelling).Name);

    [Theory]
    [InlineData("suanwang:speed=1", "unknown objective 'speed'; known objectives: completion-time, cost, carbon, water")]
    [InlineData("suanwang:cost=-1", "the weight of objective 'cost' must be a finite number ≥ 0, got -1")]
    [InlineData("suanwang:cost=cheap", "the weight of 'cost' must be a number, got 'cheap'")]
    [InlineData("suanwang:cost", "weights are OBJECTIVE=NUMBER separated by commas")]
    [InlineData("suanwang:cost=1,cost=2", "objective 'cost' is weighted twice")]
    [InlineData("suanwang:completion-time=0,cost=0,carbon=0", "at least one objective's weight must be above 0")]
    [InlineData("greenest:carbon=1", "only the 'suanwang' policy takes weights")]
    public void Bad_weights_are_refused_saying_what_is_wrong(string spelling, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => PolicyCatalog.Create(spelling));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Weighting_cost_alone_picks_the_cheapest_center_that_the_default_weights_pass_over()
    {
        // 24 reference hours: by default the fast east A100s win on time; weighted on cost alone, the cheap T4s do.
        var job = A.Job().NeedsGpus(1).ReferenceHours(24);
        Assert.NotEqual("cold-1", Decide("suanwang", job).Plan!.CenterId);
        Assert.Equal("cold-1", Decide("suanwang:completion-time=0,carbon=0", job).Plan!.CenterId);
    }
}
