namespace Suanwang.Lifecycle;

/// <summary>One recorded change of state: what, when, why, and the record version it produced.</summary>
/// <param name="Version">The record's version after this event (the first event is version 1).</param>
/// <param name="From">State before (null for the submission).</param>
/// <param name="To">State after.</param>
/// <param name="At">When (given by the caller: the lifecycle reads no clock).</param>
/// <param name="Reason">Why, in words a user reads.</param>
/// <param name="Attempt">The run attempt the event belongs to (1 for the first).</param>
public sealed record JobEvent(long Version, JobState? From, JobState To, DateTimeOffset At, string Reason, int Attempt);

/// <summary>A job's lifecycle record: its state, version, attempt and every event so far.</summary>
/// <param name="JobId">The job.</param>
/// <param name="State">Current state.</param>
/// <param name="Version">Incremented by every transition; writers compare-and-set on it.</param>
/// <param name="Attempt">Current run attempt (incremented when the job is requeued).</param>
/// <param name="History">Every event, oldest first.</param>
public sealed record JobRecord(string JobId, JobState State, long Version, int Attempt, IReadOnlyList<JobEvent> History)
{
    /// <summary>True once the job has succeeded, failed or been cancelled: nothing changes it any more.</summary>
    public bool IsFinal => JobLifecycle.IsFinal(State);
}

/// <summary>Why a transition was refused.</summary>
public enum TransitionError
{
    /// <summary>The state machine has no such edge (e.g. Succeeded → Running).</summary>
    Illegal,
    /// <summary>The record changed since the caller read it (its version differs).</summary>
    StaleVersion,
}

/// <summary>The outcome of asking for a transition: the new record, or why not.</summary>
/// <param name="Record">The new record when accepted; the unchanged one when refused.</param>
/// <param name="Error">Null when accepted.</param>
/// <param name="Message">Why it was refused, for logs and API problem details.</param>
public readonly record struct TransitionResult(JobRecord Record, TransitionError? Error, string? Message)
{
    /// <summary>True when the transition was applied.</summary>
    public bool Accepted => Error is null;
}

/// <summary>
/// The job state machine. Pure: every transition is checked against the table below and against the
/// version the caller read (compare-and-set), and yields a new record with the event appended; an
/// illegal or stale transition changes nothing. Callers persist the record and its new event in one
/// transaction that checks the same version.
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

    /// <summary>The states a job in <paramref name="state"/> may move to.</summary>
    public static IReadOnlyList<JobState> Next(JobState state) => Edges[state];

    /// <summary>True when the state machine has the edge <paramref name="from"/> → <paramref name="to"/>.</summary>
    public static bool IsAllowed(JobState from, JobState to) => Array.IndexOf(Edges[from], to) >= 0;

    /// <summary>A new job's record: Submitted, version 1, attempt 1.</summary>
    public static JobRecord Submit(string jobId, DateTimeOffset at, string reason = "submitted") =>
        new(jobId, JobState.Submitted, 1, 1, [new JobEvent(1, null, JobState.Submitted, at, reason, 1)]);

    /// <summary>
    /// Moves <paramref name="record"/> to <paramref name="to"/> if the edge exists and the record is
    /// still at <paramref name="expectedVersion"/>; moving to Requeued starts a new attempt.
    /// </summary>
    public static TransitionResult Apply(JobRecord record, JobState to, long expectedVersion, DateTimeOffset at, string reason)
    {
        if (record.Version != expectedVersion)
            return new(record, TransitionError.StaleVersion, $"job '{record.JobId}' is at version {record.Version}, not {expectedVersion}");
        if (!IsAllowed(record.State, to))
            return new(record, TransitionError.Illegal, $"job '{record.JobId}' cannot go from {record.State} to {to}");
        int attempt = to == JobState.Requeued ? record.Attempt + 1 : record.Attempt;
        long version = record.Version + 1;
        var history = new List<JobEvent>(record.History.Count + 1);
        history.AddRange(record.History);
        history.Add(new JobEvent(version, record.State, to, at, reason, attempt));
        return new(record with { State = to, Version = version, Attempt = attempt, History = history }, null, null);
    }

    /// <summary>Rebuilds a record from its events, checking every step (e.g. after loading them from a store).</summary>
    public static JobRecord Replay(string jobId, IReadOnlyList<JobEvent> events)
    {
        if (events.Count == 0 || events[0].To != JobState.Submitted || events[0].From is not null)
            throw new InvalidOperationException($"job '{jobId}': history must start with its submission");
        var record = new JobRecord(jobId, JobState.Submitted, 1, 1, [events[0]]);
        for (int i = 1; i < events.Count; i++)
        {
            var e = events[i];
            var result = Apply(record, e.To, e.Version - 1, e.At, e.Reason);
            if (!result.Accepted || result.Record.Attempt != e.Attempt || e.From != record.State)
                throw new InvalidOperationException($"job '{jobId}': event {e.Version} ({e.From} → {e.To}) does not follow: {result.Message ?? "attempt or source state differs"}");
            record = result.Record;
        }
        return record;
    }
}
