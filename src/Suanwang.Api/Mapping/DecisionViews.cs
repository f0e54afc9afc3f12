using Suanwang.Api.Contracts;
using Suanwang.Placement.Decisions;

namespace Suanwang.Api.Mapping;

/// <summary>Turns the core's decision record into its API shape (the same numbers, nothing recomputed).</summary>
public static class DecisionViews
{
    /// <summary>The API view of <paramref name="decision"/>.</summary>
    public static DecisionView From(PlacementDecision decision) => new(
        decision.JobId,
        decision.Policy,
        decision.NetworkRevision,
        decision.DecidedAt,
        decision.IsPlaced,
        decision.Summary,
        decision.Plan is null ? null : From(decision.Plan),
        decision.Candidates.Select(c => new CandidateView(c.CenterId, c.Verdict.ToString(), c.DecidingFactor, c.Reason,
            c.Plan is null ? null : From(c.Plan), c.Score, From(c.Code))).ToArray());

    /// <summary>The API's code for the core's (the same name: the two closed sets are kept equal, which a test checks).</summary>
    public static Contracts.LossCode? From(Placement.Decisions.LossCode? code) =>
        code is { } c ? Enum.Parse<Contracts.LossCode>(c.ToString()) : null;

    /// <summary>The API view of a plan.</summary>
    public static PlanView From(PlanNumbers p) => new(
        p.CenterId, p.PoolId, p.AcceleratorModelId, p.DispatchAt, p.StartAt, p.FinishAt, p.StageInSeconds,
        p.QueueWaitSeconds, p.DeferredSeconds, p.RuntimeSeconds, p.StageOutSeconds, p.CostYuan, p.EnergyKwh,
        p.CarbonKg, p.RenewableShare, p.WaterLitres);
}
