using Suanwang.Lifecycle;
using Suanwang.Store.Entities;

namespace Suanwang.Store;

/// <summary>
/// A change to a job that is not a transition (<see cref="JobStore.AnnotateAsync"/>): no new state, version or
/// event. A closed set, one kind per thing the broker notes about a job in a given state; each sets its reason, in
/// words a user reads, and the fields it names, nothing else. A note for a job no longer in a state it fits is not
/// applied.
/// </summary>
public abstract record JobNote
{
    // Closed: only the kinds below.
    private protected JobNote(string reason) => Reason = reason;

    /// <summary>Why the job is where it is, in words a user reads.</summary>
    public string Reason { get; }

    /// <summary>True when the note may be made about a job in <paramref name="state"/>.</summary>
    public abstract bool Fits(JobState state);

    internal virtual void ApplyTo(JobRow job) => job.Reason = Reason;
}

/// <summary>Why a waiting job still waits (no center can take it now, its tenant is over a limit, …).</summary>
public sealed record WaitingNote : JobNote
{
    /// <summary>A note that the job still waits, and why.</summary>
    public WaitingNote(string reason) : base(reason) { }

    /// <inheritdoc />
    public override bool Fits(JobState state) => JobLifecycle.IsWaiting(state);
}

/// <summary>A waiting job is held for a dependency (<see cref="JobRow.WaitsFor"/>): out of the scheduler's window until it ends.</summary>
public sealed record HeldNote : JobNote
{
    /// <summary>A note that the job is held for <paramref name="dependencyId"/>.</summary>
    public HeldNote(string dependencyId, string reason) : base(reason) => DependencyId = dependencyId;

    /// <summary>The job it waits for.</summary>
    public string DependencyId { get; }

    /// <inheritdoc />
    public override bool Fits(JobState state) => JobLifecycle.IsWaiting(state);

    internal override void ApplyTo(JobRow job)
    {
        base.ApplyTo(job);
        job.WaitsFor = DependencyId;
    }
}

/// <summary>A held job is released: back in the scheduler's window.</summary>
public sealed record ReleasedNote : JobNote
{
    /// <summary>A note that the job is held no longer, and why.</summary>
    public ReleasedNote(string reason) : base(reason) { }

    /// <inheritdoc />
    public override bool Fits(JobState state) => JobLifecycle.IsWaiting(state);

    internal override void ApplyTo(JobRow job)
    {
        base.ApplyTo(job);
        job.WaitsFor = null;
    }
}

/// <summary>
/// The center put the job's running attempt back in its own queue (node failure, preemption): the same attempt waits
/// there to run again — not a failure, not a new attempt of ours (<see cref="JobRow.RequeuedByCenterAtMs"/>).
/// </summary>
public sealed record RequeuedByCenterNote : JobNote
{
    /// <summary>A note that the center requeued the run, seen at <paramref name="atMs"/>.</summary>
    public RequeuedByCenterNote(long atMs, string reason) : base(reason) => AtMs = atMs;

    /// <summary>When the broker saw it.</summary>
    public long AtMs { get; }

    /// <inheritdoc />
    public override bool Fits(JobState state) => state == JobState.Running;

    internal override void ApplyTo(JobRow job)
    {
        base.ApplyTo(job);
        job.RequeuedByCenterAtMs ??= AtMs;
    }
}

/// <summary>A run its center had requeued is running again: its new start, and the mark cleared.</summary>
public sealed record RestartedNote : JobNote
{
    /// <summary>A note that the run started again at <paramref name="startedAtMs"/>.</summary>
    public RestartedNote(long startedAtMs, string reason) : base(reason) => StartedAtMs = startedAtMs;

    /// <summary>When it started again.</summary>
    public long StartedAtMs { get; }

    /// <inheritdoc />
    public override bool Fits(JobState state) => state == JobState.Running;

    internal override void ApplyTo(JobRow job)
    {
        base.ApplyTo(job);
        job.StartedAtMs = StartedAtMs;
        job.RequeuedByCenterAtMs = null;
    }
}
