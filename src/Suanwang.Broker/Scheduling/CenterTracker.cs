using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Suanwang.Broker.Api;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Network;
using Suanwang.Broker.Observability;
using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// Tracking: asks each center's engine about the runs it holds, and moves their jobs to Running or their final state
/// (metering the real run); marks the jobs of a center that does not answer Unknown, and past the center's lease Lost
/// then Requeued (or Failed when they must not run twice); cancels runs that no live attempt owns.
/// </summary>
public sealed partial class CenterTracker(JobStore jobs, EngineRegistry engines, JobMoves moves, RequestCache requests, Dispatcher dispatcher,
    LoopSignals signals, BrokerMetrics metrics, BrokerOptions options, TimeProvider time, ILogger<Scheduler> logger)
{
    /// <summary>
    /// Shortest time between two questions to one center: cycles come as often as submissions wake them, and a
    /// question costs the center work (Slurm: a query per unfinished run, or a listing of every job).
    /// </summary>
    private static readonly TimeSpan MinimumAskGap = TimeSpan.FromMilliseconds(100);

    // Questions to centers still open, by center: a slow center keeps at most one, and the cycle does not wait for it
    // beyond EngineWaitPerCycle.
    private readonly Dictionary<string, Task<(IReadOnlyList<RunStatus>? Runs, string? Error, DateTimeOffset AskedAt, TimeSpan Took)>> _asking = new();
    private readonly Dictionary<string, DateTimeOffset> _nextAskAt = new();

    /// <summary>Asks the centers of <paramref name="revision"/> and follows the runs of <paramref name="active"/> (the jobs at centers).</summary>
    public async Task TrackAsync(NetworkRevision revision, List<JobRow> active, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var atCenters = active.Where(j => j.CenterId is not null).GroupBy(j => j.CenterId!).ToDictionary(g => g.Key, g => g.ToList());
        // Ask every center at once, and wait for answers only so long: a slow center answers in the background
        // and is heard from in a later cycle (while its question is open it is not asked again).
        foreach (var center in revision.Definition.Centers)
        {
            if (_asking.ContainsKey(center.Id) || now < _nextAskAt.GetValueOrDefault(center.Id)) continue;
            _asking[center.Id] = signals.Background(AskAsync(center.Id, cancellationToken));
        }
        await signals.WaitAtMostAsync(_asking.Values, cancellationToken);
        foreach (var center in revision.Definition.Centers)
        {
            if (!_asking.TryGetValue(center.Id, out var answer) || !answer.IsCompleted) continue;
            _asking.Remove(center.Id);
            var jobsThere = atCenters.GetValueOrDefault(center.Id) ?? [];
            var (runs, error, askedAt, took) = await answer;
            // A center slow to answer is asked less often: it spends at most about two thirds of its time answering us.
            _nextAskAt[center.Id] = now + (took / 2 > MinimumAskGap ? took / 2 : MinimumAskGap);
            if (runs is null)
            {
                metrics.CentersUp.WithLabels(center.Id).Set(0);
                await CenterUnreachableAsync(center.Id, jobsThere, error!, now, cancellationToken);
                continue;
            }
            metrics.CentersUp.WithLabels(center.Id).Set(1);
            var byToken = runs.ToDictionary(r => r.DispatchToken);
            var batch = new List<(JobState From, TransitionRequest Request)>();
            // Runs that ended are metered against their committed plan: their decisions, which light rows leave out, are read now.
            var ended = jobsThere.Where(j => j.DispatchToken is { } token && byToken.TryGetValue(token, out var r) && r.IsFinished).Select(j => j.Id).ToArray();
            var decisions = ended.Length == 0 ? null : await jobs.DecisionsAsync(ended, cancellationToken);
            foreach (var job in jobsThere)
            {
                if (decisions?.GetValueOrDefault(job.Id) is { } decision) job.DecisionJson = decision;
                if (job.State == JobState.Placed) continue; // not handed over yet: the dispatcher owns it
                var run = job.DispatchToken is null ? null : byToken.GetValueOrDefault(job.DispatchToken);
                await FollowRunAsync(revision, job, run, askedAt, now, batch, cancellationToken);
            }
            await moves.CommitAsync(batch, cancellationToken);
            await CancelOrphansAsync(center.Id, runs, active, cancellationToken);
        }
        // Questions to centers no longer in the network are dropped once answered.
        foreach (var id in _asking.Where(a => a.Value.IsCompleted && !revision.Definition.Centers.Any(c => c.Id == a.Key)).Select(a => a.Key).ToArray())
        {
            _asking.Remove(id);
            _nextAskAt.Remove(id);
        }
    }

    // A center's runs and capacity report, or why it could not be asked.
    private async Task<(IReadOnlyList<RunStatus>? Runs, string? Error, DateTimeOffset AskedAt, TimeSpan Took)> AskAsync(string centerId, CancellationToken cancellationToken)
    {
        var askedAt = time.GetUtcNow();
        long started = Stopwatch.GetTimestamp();
        try
        {
            var runs = await engines.CallAsync(centerId, (e, ct) => e.ListAsync(ct), cancellationToken);
            await engines.CallAsync(centerId, (e, ct) => e.ReportAsync(ct), cancellationToken);
            return (runs, null, askedAt, Stopwatch.GetElapsedTime(started));
        }
        catch (EngineUnavailableException e)
        {
            return (null, e.Message, askedAt, Stopwatch.GetElapsedTime(started));
        }
    }

    // Where the run is says where the job goes. The common moves (to Running, to a final state) are added to
    // <paramref name="batch"/> to be committed together, one transaction per center's answer; the rare ones
    // (lost runs, centers' own requeues) are written at once.
    private async Task FollowRunAsync(NetworkRevision revision, JobRow job, RunStatus? run, DateTimeOffset askedAt, DateTimeOffset now,
        List<(JobState From, TransitionRequest Request)> batch, CancellationToken cancellationToken)
    {
        var state = job.State;
        if (run is null)
        {
            // An answer asked for before the job's last change may predate its run (asked before the hand-over,
            // answered after): only a later answer can say the run is gone.
            if (job.UpdatedAtMs >= JobViews.Ms(askedAt)) return;
            // The engine has no record of a run it accepted: it is gone (e.g. the center's state was wiped).
            await LoseAsync(job, "the center has no record of the run", cancellationToken);
            return;
        }
        switch (run.State)
        {
            case RunState.Pending when state == JobState.Unknown:
                await moves.MoveAsync(job, JobState.Dispatched, "the center is reachable again; the run is still waiting there", cancellationToken);
                break;
            case RunState.Pending when state == JobState.Running:
                // The center put the run back in its queue itself (node failure, preemption): the same attempt
                // runs again there, so it is not a failure and not a new attempt of ours.
                string requeued = $"requeued by {job.CenterId} itself (node failure or preemption); attempt {job.Attempt} waits there to run again";
                if (job.RequeuedByCenterAtMs is null) await jobs.AnnotateAsync(job.Id, job.Version, new RequeuedByCenterNote(JobViews.Ms(now), requeued), cancellationToken);
                break;
            case RunState.Running when state is JobState.Dispatched or JobState.Unknown:
                batch.Add((job.State, new TransitionRequest(job.Id, job.Version, JobState.Running, RunningAt(job, run), new StartFacts(JobViews.Ms(run.StartedAt ?? now)))));
                break;
            case RunState.Running when state == JobState.Running && job.RequeuedByCenterAtMs is not null:
                await jobs.AnnotateAsync(job.Id, job.Version,
                    new RestartedNote(JobViews.Ms(run.StartedAt ?? now), RunningAt(job, run) + " again after the center requeued it"), cancellationToken);
                break;
            case RunState.Succeeded or RunState.Failed or RunState.Cancelled:
                var end = RunMetering.Finish(revision, job, run, now);
                if (state is JobState.Dispatched or JobState.Unknown && run.StartedAt is { } started)
                {
                    // It ran and ended between two looks: its history still says it ran, and when.
                    batch.Add((job.State, new TransitionRequest(job.Id, job.Version, JobState.Running, RunningAt(job, run), new StartFacts(JobViews.Ms(started)))));
                    end = end with { ExpectedVersion = job.Version + 1 };
                    batch.Add((JobState.Running, end));
                }
                else
                {
                    batch.Add((job.State, end));
                }
                break;
            case RunState.Lost:
                await LoseAsync(job, run.Message ?? "the run's process is gone", cancellationToken);
                break;
        }
    }

    private static string RunningAt(JobRow job, RunStatus run) => $"running at {job.CenterId}" + (run.EngineJobId is { } id ? $" (engine id {id})" : "");

    private async Task CenterUnreachableAsync(string centerId, List<JobRow> jobsThere, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var job in jobsThere)
        {
            switch (job.State)
            {
                case JobState.Placed when !dispatcher.IsHandingOverTo(centerId):
                    // (While a hand-over to the center is still going, its jobs are the dispatcher's: undoing one
                    // now would race with its submission.)
                    await moves.MoveAsync(job, JobState.Queued, $"placement undone: center {centerId} is unreachable ({error})", cancellationToken);
                    break;
                case JobState.Dispatched or JobState.Running:
                    await moves.MoveAsync(job, JobState.Unknown, $"center {centerId} is unreachable ({error}); the run may still be going", cancellationToken,
                        new UnreachableFacts(JobViews.Ms(now)));
                    break;
                case JobState.Unknown:
                    long since = job.UnreachableSinceMs ?? job.UpdatedAtMs;
                    if (JobViews.Ms(now) - since >= (long)options.CenterLease.TotalMilliseconds)
                        await LoseAsync(job, $"center {centerId} unreachable for longer than its {options.CenterLease.TotalSeconds:0} s lease", cancellationToken);
                    break;
            }
        }
    }

    // Lost, then straight back to the queue as a new attempt — services too: a service that is not running
    // anywhere helps nobody — unless the job said it must not run twice (requeue: false): then it fails.
    private async Task LoseAsync(JobRow job, string why, CancellationToken cancellationToken)
    {
        var lost = await moves.MoveAsync(job, JobState.Lost, why, cancellationToken);
        if (lost is null) return;
        if (!await requests.MayRequeueAsync(lost, cancellationToken))
        {
            await moves.MoveAsync(lost, JobState.Failed, $"lost at {lost.CenterId} ({why}) and not requeued: the job asked never to run twice (requeue: false)",
                cancellationToken);
            return;
        }
        await moves.MoveAsync(lost, JobState.Requeued, $"requeued as attempt {lost.Attempt + 1} (attempt {lost.Attempt}: {why}); an extra run of attempt {lost.Attempt} found later is cancelled",
            cancellationToken);
    }

    // A run at a center that no live attempt owns (its job was requeued, cancelled or finished) is an
    // extra run: end it. Only runs carrying a Suanwang token are ever listed, so nothing else is touched.
    private async Task CancelOrphansAsync(string centerId, IReadOnlyList<RunStatus> runs, List<JobRow> active, CancellationToken cancellationToken)
    {
        var live = active.Where(j => j.DispatchToken is not null && j.CenterId == centerId).Select(j => j.DispatchToken!).ToHashSet();
        foreach (var run in runs.Where(r => !r.IsFinished && !live.Contains(r.DispatchToken)))
        {
            try
            {
                if (await engines.CallAsync(centerId, (e, ct) => e.CancelAsync(run.DispatchToken, ct), cancellationToken))
                {
                    metrics.OrphansCancelled.Inc();
                    LogOrphanCancelled(logger, centerId, run.DispatchToken);
                }
            }
            catch (EngineUnavailableException)
            {
                return; // next cycle
            }
        }
    }

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Cancelled extra run {DispatchToken} at {CenterId}: no live attempt owns it")]
    private static partial void LogOrphanCancelled(ILogger logger, string centerId, string dispatchToken);
}
