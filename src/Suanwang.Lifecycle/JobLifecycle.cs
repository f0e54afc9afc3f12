namespace Suanwang.Lifecycle;

/// <summary>One recorded change of state: what, when, why, and the record version it produced.</summary>
/// <param name="Version">The record's version after this event (the first event is version 1).</param>
/// <param name="From">State before (null for the submission).</param>
/// <param name="To">State after.</param>
/// <param name="At">When (given by the caller: the lifecycle reads no clock).</param>
/// <param name="Reason">Why, in words a user reads.</param>
/// <param name="Attempt">The run attempt the event belongs to (1 for the first).</param>
public sealed record JobEvent(long Version, JobState? From, JobState To, DateTimeOffset At, string Reason, int Attempt);

/// <summary>What the lifecycle governs of a job: its state, version and attempt.</summary>
/// <param name="JobId">The job.</param>
/// <param name="State">Current state.</param>
/// <param name="Version">Incremented by every transition; writers compare-and-set on it.</param>
/// <param name="Attempt">Current run attempt (incremented when the job is requeued).</param>
public sealed record JobRecord(string JobId, JobState State, long Version, int Attempt)
{
    /// <summary>True once the job has succeeded, failed or been cancelled: nothing changes it any more.</summary>
    public bool IsFinal => JobLifecycle.IsFinal(State);
}

/// <summary>Why a transition was refused.</summary>
public enum TransitionError
{
    /// <summary>The state machine has no such edge (e.g. Succeeded → Running), or the facts given do not fit it.</summary>
    Illegal,
    /// <summary>The record changed since the caller read it (its version differs).</summary>
    StaleVersion,
}

/// <summary>The outcome of asking for a transition: the new record and the event that records it, or why not.</summary>
/// <param name="Record">The new record when accepted; the unchanged one when refused.</param>
/// <param name="Event">The event to append (null when refused).</param>
/// <param name="Error">Null when accepted.</param>
/// <param name="Message">Why it was refused, for logs and API problem details.</param>
public readonly record struct TransitionResult(JobRecord Record, JobEvent? Event, TransitionError? Error, string? Message)
{
    /// <summary>True when the transition was applied.</summary>
    public bool Accepted => Error is null;
}

/// <summary>
/// The job state machine. Pure: every transition is checked against the table below, against the version the
/// caller read (compare-and-set) and against the facts it records (<see cref="TransitionFacts"/>), and yields the
/// new record and its event; an illegal or stale transition changes nothing. The store persists the record and the
/// event in one transaction that checks the same version — it decides nothing itself.
/// </summary>
/// <remarks>
/// <code>
/// Submitted ─► Queued ─► Placed ─► Dispatched ─► Running ─► Succeeded | Failed
///                 ▲         │          │             │
///                 │         └► Queued  └──► Unknown ◄┘ ──► Running | Succeeded | Failed
///                 │  (placement undone)       │   (reachable again: back to Dispatched or Running)
///              Requeued ◄──── Lost ◄──────────┘ (unreachable past its lease)
///  (Requeued ─► Placed; anything not final ─► Cancelled; Dispatched ─► Succeeded | Failed for short jobs;
///   Dispatched | Running ─► Lost when the center answers that the run is gone; Placed ─► Failed when it refuses the run)
/// </code>
/// </remarks>
public static class JobLifecycle
{
    private static readonly Dictionary<JobState, JobState[]> Edges = new()
    {
        [JobState.Submitted] = [JobState.Queued, JobState.Failed, JobState.Cancelled],
        [JobState.Queued] = [JobState.Placed, JobState.Failed, JobState.Cancelled],
        [JobState.Placed] = [JobState.Dispatched, JobState.Queued, JobState.Failed, JobState.Cancelled],
        [JobState.Dispatched] = [JobState.Running, JobState.Succeeded, JobState.Failed, JobState.Unknown, JobState.Lost, JobState.Cancelled],
        [JobState.Running] = [JobState.Succeeded, JobState.Failed, JobState.Unknown, JobState.Lost, JobState.Cancelled],
        [JobState.Unknown] = [JobState.Dispatched, JobState.Running, JobState.Succeeded, JobState.Failed, JobState.Lost, JobState.Cancelled],
        [JobState.Lost] = [JobState.Requeued, JobState.Failed, JobState.Cancelled],
        [JobState.Requeued] = [JobState.Placed, JobState.Failed, JobState.Cancelled],
        [JobState.Succeeded] = [],
        [JobState.Failed] = [],
        [JobState.Cancelled] = [],
    };

    /// <summary>True for Succeeded, Failed and Cancelled.</summary>
    public static bool IsFinal(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    /// <summary>True for the states of a job waiting in the queue (Submitted, Queued, Requeued): it holds no placement.</summary>
    public static bool IsWaiting(JobState state) => state is JobState.Submitted or JobState.Queued or JobState.Requeued;

    /// <summary>True for the states of a job a center holds or is about to (Placed, Dispatched, Running, Unknown).</summary>
    public static bool IsAtCenter(JobState state) => state is JobState.Placed or JobState.Dispatched or JobState.Running or JobState.Unknown;

    /// <summary>The states a job in <paramref name="state"/> may move to.</summary>
    public static IReadOnlyList<JobState> Next(JobState state) => Edges[state];

    /// <summary>True when the state machine has the edge <paramref name="from"/> → <paramref name="to"/>.</summary>
    public static bool IsAllowed(JobState from, JobState to) => Array.IndexOf(Edges[from], to) >= 0;

    /// <summary>A new job's record (Submitted, version 1, attempt 1) and its first event.</summary>
    public static (JobRecord Record, JobEvent Event) Submit(string jobId, DateTimeOffset at, string reason = "submitted") =>
        (new(jobId, JobState.Submitted, 1, 1), new JobEvent(1, null, JobState.Submitted, at, reason, 1));

    /// <summary>
    /// Why <paramref name="facts"/> do not fit the move <paramref name="from"/> → <paramref name="to"/>, or null when
    /// they do: a move to Placed records its placement, Placed → Dispatched the hand-over, a move to Running the start
    /// and a move to Unknown the start of the outage (each required); the end of the run comes only with a move to a
    /// final state (optional there: a job cancelled or failed before it ran has none); other moves record nothing.
    /// </summary>
    public static string? Unfit(JobState from, JobState to, TransitionFacts? facts)
    {
        var (wanted, required) = to switch
        {
            JobState.Placed => (typeof(PlacementFacts), true),
            JobState.Dispatched when from == JobState.Placed => (typeof(DispatchFacts), true),
            JobState.Running => (typeof(StartFacts), true),
            JobState.Unknown => (typeof(UnreachableFacts), true),
            _ when IsFinal(to) => (typeof(EndFacts), false),
            _ => (null, false),
        };
        if (facts is null)
            return required ? $"a move from {from} to {to} records its {wanted!.Name}" : null;
        if (facts.GetType() != wanted)
            return $"a move from {from} to {to} records {(wanted is null ? "no facts" : wanted.Name)}, not {facts.GetType().Name}";
        return null;
    }

    /// <summary>
    /// Moves <paramref name="record"/> to <paramref name="to"/> if the edge exists, <paramref name="facts"/> fit it and
    /// the record is still at <paramref name="expectedVersion"/>; moving to Requeued starts a new attempt.
    /// </summary>
    public static TransitionResult Apply(JobRecord record, JobState to, long expectedVersion, DateTimeOffset at, string reason, TransitionFacts? facts = null)
    {
        var result = Step(record, to, expectedVersion, at, reason);
        if (result.Accepted && Unfit(record.State, to, facts) is { } unfit)
            return new(record, null, TransitionError.Illegal, $"job '{record.JobId}': {unfit}");
        return result;
    }

    // The edge and the version alone: what a recorded event proves (events do not keep the facts).
    private static TransitionResult Step(JobRecord record, JobState to, long expectedVersion, DateTimeOffset at, string reason)
    {
        if (record.Version != expectedVersion)
            return new(record, null, TransitionError.StaleVersion, $"job '{record.JobId}' is at version {record.Version}, not {expectedVersion}");
        if (!IsAllowed(record.State, to))
            return new(record, null, TransitionError.Illegal, $"job '{record.JobId}' cannot go from {record.State} to {to}");
        int attempt = to == JobState.Requeued ? record.Attempt + 1 : record.Attempt;
        long version = record.Version + 1;
        return new(record with { State = to, Version = version, Attempt = attempt }, new JobEvent(version, record.State, to, at, reason, attempt), null, null);
    }

    /// <summary>Rebuilds a record from its events, checking every step (e.g. after loading them from a store).</summary>
    public static JobRecord Replay(string jobId, IReadOnlyList<JobEvent> events)
    {
        if (events.Count == 0 || events[0].To != JobState.Submitted || events[0].From is not null || events[0].Version != 1 || events[0].Attempt != 1)
            throw new InvalidOperationException($"job '{jobId}': history must start with its submission");
        var record = new JobRecord(jobId, JobState.Submitted, 1, 1);
        for (int i = 1; i < events.Count; i++)
        {
            var e = events[i];
            var result = Step(record, e.To, e.Version - 1, e.At, e.Reason);
            if (!result.Accepted || result.Record.Attempt != e.Attempt || e.From != record.State)
                throw new InvalidOperationException($"job '{jobId}': event {e.Version} ({e.From} → {e.To}) does not follow: {result.Message ?? "attempt or source state differs"}");
            record = result.Record;
        }
        return record;
    }
}
