using Suanwang.Placement.Decisions;
using Suanwang.Placement.Policies;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Policies.PolicyScenarios;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>The explanation a decision carries, and the tie-breaks it records.</summary>
public class ExplanationTests
{
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
        var snapshot = Snapshots.Idle(EastWestCold());
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
}
