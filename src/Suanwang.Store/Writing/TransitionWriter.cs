using Suanwang.Lifecycle;
using Suanwang.Store.Entities;

namespace Suanwang.Store.Writing;

/// <summary>
/// Writes what the lifecycle decided onto a job's row: its state, version, attempt, reason and time, the facts the
/// move records, and what the new state implies for the other fields. It decides nothing: every move it writes was
/// accepted by <see cref="JobLifecycle.Apply"/>.
/// </summary>
internal static class TransitionWriter
{
    /// <summary>The row's part the lifecycle governs.</summary>
    public static JobRecord RecordOf(JobRow job) => new(job.Id, job.State, job.Version, job.Attempt);

    /// <summary>Writes the accepted <paramref name="result"/> (and <paramref name="facts"/>) onto <paramref name="job"/>; returns the event's row.</summary>
    public static JobEventRow Write(JobRow job, TransitionResult result, TransitionFacts? facts)
    {
        var e = result.Event ?? throw new ArgumentException("only an accepted transition is written", nameof(result));
        long atMs = e.At.ToUnixTimeMilliseconds();
        job.State = result.Record.State;
        job.Version = result.Record.Version;
        job.Attempt = result.Record.Attempt;
        job.Reason = e.Reason;
        job.UpdatedAtMs = atMs;
        // What each state implies: a job back in the queue holds no placement; one that left the queue waits for
        // nothing; the lease and the center's own requeue are marks of one state each, gone with any move.
        if (JobLifecycle.IsWaiting(job.State)) ClearPlacement(job);
        else job.WaitsFor = null;
        job.UnreachableSinceMs = null;
        job.RequeuedByCenterAtMs = null;
        switch (facts)
        {
            case PlacementFacts p:
                job.CenterId = p.CenterId;
                job.PoolId = p.PoolId;
                job.DispatchToken = p.DispatchToken;
                job.DecisionJson = p.DecisionJson;
                job.PlannedDispatchAtMs = p.PlannedDispatchAtMs;
                job.PlannedStartAtMs = p.PlannedStartAtMs;
                job.PlannedFinishAtMs = p.PlannedFinishAtMs;
                break;
            case DispatchFacts d:
                job.DispatchedAtMs = d.DispatchedAtMs;
                break;
            case StartFacts s:
                job.StartedAtMs = s.StartedAtMs;
                break;
            case UnreachableFacts u:
                job.UnreachableSinceMs = u.SinceMs;
                break;
            case EndFacts end:
                job.EndedAtMs = end.EndedAtMs;
                if (end.ExitCode is { } code) job.ExitCode = code;
                if (end.StartedAtMs is { } started) job.StartedAtMs = started;
                if (end.Metered is { } m)
                {
                    job.ActualAcceleratorHours = m.AcceleratorHours;
                    job.ActualCpuHours = m.CpuHours;
                    if (m.CostYuan is { } cost) job.ActualCostYuan = cost;
                    if (m.EnergyKwh is { } energy) job.ActualEnergyKwh = energy;
                    if (m.CarbonKg is { } carbon) job.ActualCarbonKg = carbon;
                }
                break;
        }
        return EventRow(job.Id, e);
    }

    /// <summary>The row of <paramref name="e"/>.</summary>
    public static JobEventRow EventRow(string jobId, JobEvent e) => new()
    {
        JobId = jobId, Version = e.Version, FromState = e.From, ToState = e.To, AtMs = e.At.ToUnixTimeMilliseconds(), Reason = e.Reason, Attempt = e.Attempt,
    };

    // The placement of an attempt that is no more (its center refused or lost it): the decision stays, as the last one made.
    private static void ClearPlacement(JobRow job)
    {
        job.CenterId = null;
        job.PoolId = null;
        job.DispatchToken = null;
        job.PlannedDispatchAtMs = job.PlannedStartAtMs = job.PlannedFinishAtMs = null;
        job.DispatchedAtMs = job.StartedAtMs = null;
    }
}
