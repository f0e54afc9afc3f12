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

    [Fact]
    public void A_center_that_scores_the_same_as_the_winner_lost_on_the_tie_break_not_on_a_score()
    {
        var network = TwinCenters();
        var decision = new PlacementEngine().Decide(Snapshots.Idle(network), A.Job(), 0, new SuanwangPolicy(), A.Noon);

        var loser = decision.Candidates.Single(c => c.CenterId == "b");
        Assert.Equal(decision.Candidates[0].Score, loser.Score);
        Assert.Equal(CandidateVerdict.Outscored, loser.Verdict);
        Assert.Equal(PlacementEngine.TieBreakFactor, loser.DecidingFactor);
        Assert.Equal(LossCode.TieBreak, loser.Code);
        Assert.Equal("same score; ties go to the lower center id", loser.Reason);
    }

    [Fact]
    public void A_tie_decided_by_the_job_s_preference_says_so()
    {
        var network = TwinCenters();
        var decision = new PlacementEngine().Decide(Snapshots.Idle(network), A.Job().Prefers("b"), 0, new SuanwangPolicy(), A.Noon);

        var loser = decision.Candidates.Single(c => c.CenterId == "a");
        Assert.Equal(PlacementEngine.TieBreakFactor, loser.DecidingFactor);
        Assert.Equal(LossCode.TieBreak, loser.Code);
        Assert.Equal("same score; ties go to the job's preferred centers, in its order", loser.Reason);
    }

    [Fact]
    public void A_center_that_scores_worse_is_explained_by_the_score_that_lost_it_not_as_a_tie()
    {
        var network = A.Network().Region("east")
            .Center("a", "east", c => c.GpuPool("v100", 8, 1).Price(5))
            .Center("b", "east", c => c.GpuPool("v100", 8, 1).Price(6))
            .Build();
        var decision = new PlacementEngine().Decide(Snapshots.Idle(network), A.Job(), 0, new SuanwangPolicy(), A.Noon);

        var loser = decision.Candidates.Single(c => c.CenterId == "b");
        Assert.True(loser.Score > decision.Candidates[0].Score);
        Assert.Equal("cost", loser.DecidingFactor);
        Assert.Equal(LossCode.Costlier, loser.Code);
    }

    // Two centers alike in every number, so any job scores the same on both.
    private static Model.Network.NetworkDefinition TwinCenters() => A.Network().Region("east")
        .Center("a", "east", c => c.GpuPool("v100", 8, 1))
        .Center("b", "east", c => c.GpuPool("v100", 8, 1))
        .Build();
}
