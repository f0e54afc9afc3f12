namespace Suanwang.Placement.Decisions;

/// <summary>The predicted plan for a job on one center, in physical units.</summary>
/// <param name="CenterId">Center.</param>
/// <param name="PoolId">Node pool within the center.</param>
/// <param name="AcceleratorModelId">The pool's accelerator (or CPU) model.</param>
/// <param name="DispatchAt">When the job is handed over and its input transfer starts.</param>
/// <param name="StartAt">When it starts running.</param>
/// <param name="FinishAt">When its output has arrived.</param>
/// <param name="StageInSeconds">Input transfer time.</param>
/// <param name="QueueWaitSeconds">Wait for capacity after the data arrived (includes any deliberate deferral).</param>
/// <param name="DeferredSeconds">Part of the wait chosen to reach a greener or cheaper hour.</param>
/// <param name="RuntimeSeconds">Run time on this pool.</param>
/// <param name="StageOutSeconds">Output transfer time.</param>
/// <param name="CostYuan">Compute plus transfer cost.</param>
/// <param name="EnergyKwh">Facility energy (IT × PUE).</param>
/// <param name="CarbonKg">Carbon over the run's hours, kg CO₂.</param>
/// <param name="RenewableShare">Mean renewable share of the power, 0..1.</param>
/// <param name="WaterLitres">Site water for cooling (IT energy × the center's WUE), litres.</param>
public sealed record PlanNumbers(
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
    double WaterLitres);

/// <summary>How a candidate center fared.</summary>
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
/// <param name="Verdict">Chosen, outscored or filtered.</param>
/// <param name="DecidingFactor">For a filtered center: the filter's name; for an outscored one: the score that lost it; for the winner: null.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Plan">The numbers the policy saw for the center's best pool (null when filtered before estimating).</param>
/// <param name="Score">The policy's score (lower is better), or null when filtered.</param>
/// <param name="Code">What lost it, from a closed set (the filter's or the score's code); null for the winner.</param>
public sealed record CandidateReport(
    string CenterId,
    CandidateVerdict Verdict,
    string? DecidingFactor,
    string Reason,
    PlanNumbers? Plan,
    double? Score,
    LossCode? Code);

/// <summary>
/// A placement decision and its explanation: the same record is shown by the CLI, the API, the
/// dashboard and the simulator.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Policy">Policy name.</param>
/// <param name="NetworkRevision">Revision of the network definition used.</param>
/// <param name="DecidedAt">The decision's "now".</param>
/// <param name="Plan">The chosen plan, or null when no center can take the job.</param>
/// <param name="Candidates">Every center, best first (empty when the caller did not ask for an explanation).</param>
/// <param name="Summary">One sentence for humans.</param>
public sealed record PlacementDecision(
    string JobId,
    string Policy,
    string NetworkRevision,
    DateTimeOffset DecidedAt,
    PlanNumbers? Plan,
    IReadOnlyList<CandidateReport> Candidates,
    string Summary)
{
    /// <summary>True when a center was chosen.</summary>
    public bool IsPlaced => Plan is not null;
}
