using System.Text.Json.Serialization;

namespace Suanwang.Api.Contracts;

/// <summary>A placement decision and its explanation, as recorded when it was made.</summary>
/// <param name="JobId">The job; for a dry run, which creates no job, <c>dry-run</c> (<c>dry-run_{index}</c> for a job array's elements).</param>
/// <param name="Policy">Policy that ranked the candidates.</param>
/// <param name="NetworkRevision">Revision of the network definition used.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Placed">True when a center was chosen.</param>
/// <param name="Summary">One sentence for humans.</param>
/// <param name="Plan">The chosen plan (null when no center can take the job).</param>
/// <param name="Candidates">Every center, best first, with its numbers and what lost it.</param>
public sealed record DecisionView(
    string JobId,
    string Policy,
    string NetworkRevision,
    DateTimeOffset DecidedAt,
    bool Placed,
    string Summary,
    PlanView? Plan,
    IReadOnlyList<CandidateView> Candidates);

/// <summary>A predicted plan on one center, in physical units.</summary>
/// <param name="CenterId">Center.</param>
/// <param name="PoolId">Node pool.</param>
/// <param name="AcceleratorModelId">The pool's accelerator or CPU model.</param>
/// <param name="DispatchAt">Handed over (input transfer starts).</param>
/// <param name="StartAt">Starts running.</param>
/// <param name="FinishAt">Output has arrived.</param>
/// <param name="StageInSeconds">Input transfer time.</param>
/// <param name="QueueWaitSeconds">Wait for capacity (includes deliberate deferral).</param>
/// <param name="DeferredSeconds">Part of the wait chosen for a greener or cheaper hour.</param>
/// <param name="RuntimeSeconds">Run time.</param>
/// <param name="StageOutSeconds">Output transfer time.</param>
/// <param name="CostYuan">Cost.</param>
/// <param name="EnergyKwh">Facility energy.</param>
/// <param name="CarbonKg">Carbon, kg CO₂.</param>
/// <param name="RenewableShare">Mean renewable share 0..1.</param>
/// <param name="WaterLitres">Site water for cooling (IT energy × the center's WUE), litres; 0 in decisions made before it was estimated.</param>
public sealed record PlanView(
    string CenterId,
    string PoolId,
    string AcceleratorModelId,
    DateTimeOffset DispatchAt,
    DateTimeOffset StartAt,
    DateTimeOffset FinishAt,
    double StageInSeconds,
    double QueueWaitSeconds,
    double DeferredSeconds,
    double RuntimeSeconds,
    double StageOutSeconds,
    double CostYuan,
    double EnergyKwh,
    double CarbonKg,
    double RenewableShare,
    double WaterLitres = 0);

/// <summary>How a candidate center fared.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CandidateVerdict>))]
public enum CandidateVerdict
{
    /// <summary>The center the job goes to.</summary>
    Chosen,
    /// <summary>Feasible, but the policy ranked it lower.</summary>
    Outscored,
    /// <summary>A hard constraint ruled it out.</summary>
    Filtered,
}

/// <summary>One center's line in an explanation.</summary>
/// <param name="CenterId">Center.</param>
/// <param name="Verdict">How it fared.</param>
/// <param name="DecidingFactor">What lost it (a filter's or a score's name); null for the winner.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Plan">The numbers the policy saw for its best pool (null when filtered before estimating).</param>
/// <param name="Score">Policy score, lower is better (null when filtered).</param>
/// <param name="Code">What lost it, from a closed set (<see cref="LossCode"/>); null for the winner. <see cref="Reason"/> says it in words.</param>
public sealed record CandidateView(string CenterId, CandidateVerdict Verdict, string? DecidingFactor, string Reason, PlanView? Plan, double? Score, LossCode? Code = null)
{
    /// <summary>What lost it, from a closed set; null for the winner.</summary>
    /// <remarks>Decisions stored before codes existed carry none: theirs is read from their deciding factor.</remarks>
    public LossCode? Code { get; init; } = Code ?? LossCodes.FromFactor(DecidingFactor);
}
