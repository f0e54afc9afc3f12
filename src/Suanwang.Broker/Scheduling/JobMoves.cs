using Microsoft.Extensions.Logging;
using Suanwang.Broker.Api;
using Suanwang.Broker.Observability;
using Suanwang.Lifecycle;
using Suanwang.Store;
using Suanwang.Store.Dependencies;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// Moving jobs from one state to the next for tracking and dispatch: each move compare-and-set on the job's version
/// (a job that moved meanwhile is left as it is), counted, logged, and — when it ends a run or undoes one — said to
/// free capacity and, when final, to end the job for its dependents.
/// </summary>
public sealed partial class JobMoves(JobStore jobs, DependencyGate gate, LoopSignals signals, BrokerMetrics metrics, TimeProvider time, ILogger<Scheduler> logger)
{
    /// <summary>What frees capacity (a run ended, was lost or undone, or its center stopped answering): the next cycle runs a full pass.</summary>
    public static bool FreesCapacity(JobState to) =>
        JobLifecycle.IsFinal(to) || to is JobState.Lost or JobState.Queued or JobState.Requeued or JobState.Unknown;

    private void Signal(JobState to)
    {
        if (FreesCapacity(to)) signals.CapacityChanged();
        else if (to == JobState.Running) signals.RunStarted();
    }

    /// <summary>
    /// Commits moves in one transaction; each applied one counts, and frees capacity when it ends or undoes a run.
    /// Returns the jobs whose move was not applied (they had moved meanwhile).
    /// </summary>
    public async Task<HashSet<string>> CommitAsync(IReadOnlyList<(JobState From, TransitionRequest Request)> moves, CancellationToken cancellationToken)
    {
        var notApplied = new HashSet<string>();
        if (moves.Count == 0) return notApplied;
        var results = await jobs.TransitionManyAsync([.. moves.Select(m => m.Request)], JobViews.Ms(time.GetUtcNow()), cancellationToken);
        for (int i = 0; i < results.Count; i++)
        {
            var (request, status) = results[i];
            string from = moves[i].From.ToString();
            if (status == TransitionStatus.Illegal) LogIllegal(logger, request.JobId, from, request.To.ToString());
            if (status != TransitionStatus.Applied)
            {
                notApplied.Add(request.JobId);
                continue;
            }
            Signal(request.To);
            if (JobLifecycle.IsFinal(request.To)) gate.Ended(request.JobId);
            metrics.Transitions.WithLabels(request.To.ToString()).Inc();
            LogTransition(logger, request.JobId, from, request.To.ToString(), request.Reason);
        }
        return notApplied;
    }

    /// <summary>Moves one job at once; the job as stored after the move, or null when it was not applied.</summary>
    public async Task<JobRow?> MoveAsync(JobRow job, JobState to, string reason, CancellationToken cancellationToken, TransitionFacts? facts = null)
    {
        var (status, row) = await jobs.TransitionAsync(new TransitionRequest(job.Id, job.Version, to, reason, facts), JobViews.Ms(time.GetUtcNow()), cancellationToken);
        if (status == TransitionStatus.Illegal) LogIllegal(logger, job.Id, job.State.ToString(), to.ToString());
        if (status != TransitionStatus.Applied) return null;
        Signal(to);
        if (JobLifecycle.IsFinal(to)) gate.Ended(job.Id);
        metrics.Transitions.WithLabels(to.ToString()).Inc();
        LogTransition(logger, job.Id, job.State.ToString(), to.ToString(), reason);
        return row;
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Job {JobId}: {From} -> {To} ({Reason})")]
    private static partial void LogTransition(ILogger logger, string jobId, string from, string to, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Job {JobId}: the scheduler asked for {From} -> {To}, which the lifecycle forbids")]
    private static partial void LogIllegal(ILogger logger, string jobId, string from, string to);
}
