namespace Suanwang.Lifecycle;

/// <summary>
/// What a transition records besides the state: a closed set, one kind per kind of move. The lifecycle checks that
/// the facts fit the move (<see cref="JobLifecycle.Unfit"/>): a placement comes only with a move to Placed, which
/// needs one; the hand-over's time only with Placed → Dispatched; the run's start with a move to Running; the start of
/// an outage with a move to Unknown; the run's end only with a move to a final state. Times are Unix milliseconds (UTC).
/// </summary>
public abstract record TransitionFacts
{
    // Closed: only the kinds below.
    private protected TransitionFacts() { }
}

/// <summary>The committed placement a move to Placed records.</summary>
/// <param name="CenterId">Center chosen.</param>
/// <param name="PoolId">Node pool chosen.</param>
/// <param name="DispatchToken">The attempt's dispatch token (what the center's engine knows the run by).</param>
/// <param name="DecisionJson">The decision with its explanation, as the store keeps it (JSON).</param>
/// <param name="PlannedDispatchAtMs">When it is to be handed to the center.</param>
/// <param name="PlannedStartAtMs">When it is predicted to start.</param>
/// <param name="PlannedFinishAtMs">When it is predicted to finish.</param>
public sealed record PlacementFacts(string CenterId, string PoolId, string DispatchToken, string DecisionJson,
    long PlannedDispatchAtMs, long PlannedStartAtMs, long PlannedFinishAtMs) : TransitionFacts;

/// <summary>When the center's engine accepted the run: what Placed → Dispatched records.</summary>
/// <param name="DispatchedAtMs">When the engine accepted it.</param>
public sealed record DispatchFacts(long DispatchedAtMs) : TransitionFacts;

/// <summary>When the run started: what a move to Running records.</summary>
/// <param name="StartedAtMs">When it started (as the center reports it, or when the broker saw it running).</param>
public sealed record StartFacts(long StartedAtMs) : TransitionFacts;

/// <summary>When the center was first seen unreachable: what a move to Unknown records (the start of the job's lease).</summary>
/// <param name="SinceMs">When.</param>
public sealed record UnreachableFacts(long SinceMs) : TransitionFacts;

/// <summary>How the run ended: what a move to a final state may record.</summary>
/// <param name="EndedAtMs">When it ended.</param>
/// <param name="ExitCode">Its exit code, when the center reported one.</param>
/// <param name="StartedAtMs">When it started, when known (the center's own figure replaces the broker's).</param>
/// <param name="Metered">What the run used, metered from its real start and end.</param>
public sealed record EndFacts(long EndedAtMs, int? ExitCode = null, long? StartedAtMs = null, MeteredRun? Metered = null) : TransitionFacts;

/// <summary>What a run used, metered from its real start and end.</summary>
/// <param name="AcceleratorHours">Accelerator-hours.</param>
/// <param name="CpuHours">Core-hours.</param>
/// <param name="CostYuan">Cost, when the run's pool is known.</param>
/// <param name="EnergyKwh">Facility energy, when the run's pool is known.</param>
/// <param name="CarbonKg">Carbon, kg CO₂, when the run's pool is known.</param>
public sealed record MeteredRun(double AcceleratorHours, double CpuHours, double? CostYuan = null, double? EnergyKwh = null, double? CarbonKg = null);
