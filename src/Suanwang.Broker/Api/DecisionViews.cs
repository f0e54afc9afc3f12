using Suanwang.Api.Contracts;
using Suanwang.Placement.Decisions;
using ApiVerdict = Suanwang.Api.Contracts.CandidateVerdict;
using CoreVerdict = Suanwang.Placement.Decisions.CandidateVerdict;

namespace Suanwang.Broker;

/// <summary>
/// Turns the core's decision record into its API shape (the same numbers, nothing recomputed). Here rather than in
/// the API's package, so that a client of the API does not carry the placement core.
/// </summary>
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
        decision.Candidates.Select(c => new CandidateView(c.CenterId, From(c.Verdict), c.DecidingFactor, c.Reason,
            c.Plan is null ? null : From(c.Plan), c.Score, From(c.Code))).ToArray());

    /// <summary>The API's code for the core's (the same name: the two closed sets are kept equal, which a test checks).</summary>
    public static Suanwang.Api.Contracts.LossCode? From(Suanwang.Placement.Decisions.LossCode? code) =>
        code is { } c ? Enum.Parse<Suanwang.Api.Contracts.LossCode>(c.ToString()) : null;

    /// <summary>The API's name for a verdict.</summary>
    public static ApiVerdict From(CoreVerdict verdict) => verdict switch
    {
        CoreVerdict.Chosen => ApiVerdict.Chosen,
        CoreVerdict.Outscored => ApiVerdict.Outscored,
        CoreVerdict.Filtered => ApiVerdict.Filtered,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "a verdict the API does not name"),
    };

    /// <summary>The API view of a plan.</summary>
    public static PlanView From(PlanNumbers p) => new(
        p.CenterId, p.PoolId, p.AcceleratorModelId, p.DispatchAt, p.StartAt, p.FinishAt, p.StageInSeconds,
        p.QueueWaitSeconds, p.DeferredSeconds, p.RuntimeSeconds, p.StageOutSeconds, p.CostYuan, p.EnergyKwh,
        p.CarbonKg, p.RenewableShare, p.WaterLitres);
}
