using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Suanwang.Broker.Api;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Observability;
using Suanwang.Broker.Submissions;
using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Model.Jobs;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// Hand-overs: committed placements whose dispatch time has come go to their center's engine under their dispatch
/// token (idempotent there), each center's in order and centers at once; what each center said is recorded by the
/// loop — Dispatched, or Failed naming the center when it refused the run.
/// <para>
/// Each center has a line: the loop appends placed jobs as they come due, and up to <see cref="WorkersPerCenter"/>
/// workers take them in order until the line is empty (a center's engine answers several hand-overs at once, as
/// several sbatch clients would). A job placed while earlier ones are still being handed over joins the line and
/// follows them at once, rather than waiting for their batch to end and for the next cycle to start a new one.
/// </para>
/// </summary>
public sealed class Dispatcher(JobStore jobs, EngineRegistry engines, JobMoves moves, LoopSignals signals, BrokerMetrics metrics, BrokerOptions options,
    TimeProvider time, ILogger<Scheduler> logger)
{
    // Hand-overs done and not yet recorded are recorded in chunks of this many (tracking follows a run only once it is recorded).
    private const int DispatchChunk = 32;

    /// <summary>Hand-overs to one center going at once: enough to hide one call's round trip, few enough not to crowd its engine.</summary>
    public const int WorkersPerCenter = 4;

    // Each center's line, and its workers while they run: a slow center keeps at most WorkersPerCenter, and the cycle
    // does not wait for them beyond EngineWaitPerCycle.
    private readonly Dictionary<string, CenterLine> _lines = new(StringComparer.Ordinal);
    private readonly List<Task<int>> _workers = [];
    private readonly ConcurrentQueue<HandOver> _handedOver = new();
    private readonly Dictionary<string, JobRequest> _fullShared = new();

    /// <summary>What became of handing one job to its center: the run's status, or why the center refused it.</summary>
    private sealed record HandOver(string CenterId, JobRow Job, string DispatchToken, RunStatus? Status, string? Refusal);

    /// <summary>
    /// One center's jobs waiting to be handed over, in order, and the tokens of every job in the line or handed over and
    /// not yet recorded (such a job still reads as Placed and must not join the line twice). Guarded by its own lock:
    /// the loop appends and records, the worker takes.
    /// </summary>
    private sealed class CenterLine
    {
        public Queue<(JobRow Job, DispatchRequest Request)> Due { get; } = new();
        public HashSet<string> Tokens { get; } = new(StringComparer.Ordinal);
        public int Workers { get; set; }
    }

    /// <summary>True while a hand-over to <paramref name="centerId"/> is going: its placed jobs are the dispatcher's then.</summary>
    public bool IsHandingOverTo(string centerId)
    {
        if (!_lines.TryGetValue(centerId, out var line)) return false;
        lock (line) return line.Workers > 0;
    }

    /// <summary>Hands over the placed jobs that are due (within a tick), waiting for centers at most the per-cycle budget.</summary>
    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        long nowMs = JobViews.Ms(time.GetUtcNow());
        foreach (var finished in _workers.Where(w => w.IsCompleted).ToArray())
        {
            _workers.Remove(finished);
            await finished; // surfaces an unexpected failure of a finished worker into this cycle's error handling
        }
        // Hand-overs done but not yet recorded still read as Placed: record them first, or they would be handed over again.
        await RecordHandOversAsync(cancellationToken);
        var placed = (await jobs.InStateAsync(JobState.Placed, cancellationToken))
            .Where(j => (j.PlannedDispatchAtMs ?? 0) <= nowMs + (long)options.Tick.TotalMilliseconds && !InLine(j))
            .ToArray();
        // The requests are made here, on the loop, in full (batch scripts included), each body read once.
        var requests = await HandOverRequestsAsync(placed, cancellationToken);
        foreach (var group in placed.Where(j => requests.ContainsKey(j.Id)).GroupBy(j => j.CenterId!))
        {
            var line = LineOf(group.Key);
            int start;
            lock (line)
            {
                foreach (var job in group)
                {
                    line.Due.Enqueue((job, new DispatchRequest(job.Id, job.Attempt, job.DispatchToken!, job.PoolId!, job.Tenant, requests[job.Id])));
                    line.Tokens.Add(job.DispatchToken!);
                }
                start = Math.Min(WorkersPerCenter - line.Workers, line.Due.Count);
                line.Workers += start;
            }
            for (int i = 0; i < start; i++) _workers.Add(signals.Background(HandOverLineAsync(group.Key, line, cancellationToken)));
        }
        await signals.WaitAtMostAsync(_workers, cancellationToken);
        await RecordHandOversAsync(cancellationToken);
    }

    private CenterLine LineOf(string centerId)
    {
        if (!_lines.TryGetValue(centerId, out var line)) _lines[centerId] = line = new CenterLine();
        return line;
    }

    private bool InLine(JobRow job)
    {
        if (job.CenterId is null || job.DispatchToken is null || !_lines.TryGetValue(job.CenterId, out var line)) return false;
        lock (line) return line.Tokens.Contains(job.DispatchToken);
    }

    // The full requests of jobs about to be handed over: their bodies with the spec text (what a batch script runs),
    // each read once and kept while placed jobs need it (a center that refuses hand-overs for a while costs no re-reads).
    private async Task<Dictionary<string, JobRequest>> HandOverRequestsAsync(IReadOnlyList<JobRow> placed, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, JobRequest>(placed.Count);
        var needed = placed.Select(j => j.BodyId).ToHashSet();
        foreach (var id in _fullShared.Keys.Where(id => !needed.Contains(id)).ToArray()) _fullShared.Remove(id);
        if (placed.Count == 0) return result;
        var missing = needed.Where(id => !_fullShared.ContainsKey(id)).ToArray();
        foreach (var (id, body) in missing.Length == 0 ? new Dictionary<string, JobBodyRow>() : await jobs.BodiesAsync(missing, cancellationToken))
        {
            try
            {
                _fullShared[id] = JobBodies.Shared(body.RequestJson, body.SpecText);
            }
            catch (JsonException e)
            {
                RequestCache.LogUnreadable(logger, id, e.Message);
            }
        }
        foreach (var job in placed)
            if (_fullShared.TryGetValue(job.BodyId, out var shared))
                result[job.Id] = JobBodies.RequestOf(shared, job.ArrayIndex);
        return result;
    }

    // One worker of a center's line: takes the next job until the line is empty; returns how many runs it handed over.
    // Only the engine is called here: what happened is queued for the loop to record, as the store's writes are the
    // loop's alone (SQLite has one writer; more would wait on each other's locks).
    private async Task<int> HandOverLineAsync(string centerId, CenterLine line, CancellationToken cancellationToken)
    {
        int handed = 0;
        bool counted = true; // this worker is still in line.Workers
        try
        {
            while (true)
            {
                (JobRow Job, DispatchRequest Request) next;
                lock (line)
                {
                    // Leaving under the lock that appends: a job lined up now either finds this worker still counted
                    // (and taken next) or starts a new one.
                    if (!line.Due.TryDequeue(out next))
                    {
                        line.Workers--;
                        counted = false;
                        return handed;
                    }
                }
                var (job, dispatch) = next;
                try
                {
                    Failpoints.Hit(Failpoints.BeforeSubmit);
                    var status = await engines.CallAsync(centerId, (e, ct) => e.SubmitAsync(dispatch, ct), cancellationToken);
                    Failpoints.Hit(Failpoints.AfterSubmit);
                    metrics.DispatchLatency.Observe(Math.Max(0, (time.GetUtcNow() - JobViews.Time(job.UpdatedAtMs)).TotalSeconds));
                    _handedOver.Enqueue(new HandOver(centerId, job, dispatch.DispatchToken, status, null));
                    handed++;
                }
                catch (EngineRejectedException e)
                {
                    _handedOver.Enqueue(new HandOver(centerId, job, dispatch.DispatchToken, null, e.Message));
                }
                catch (EngineUnavailableException)
                {
                    // Stays Placed; tracking undoes the placement if the center stays unreachable. The rest of this
                    // center's line waits for a later cycle rather than each costing a timeout now.
                    Abandon(line, dispatch.DispatchToken);
                    return handed;
                }
                // Recorded in chunks (tracking follows a run only once it is recorded Dispatched): wake the loop.
                if (_handedOver.Count >= DispatchChunk) signals.Wake();
            }
        }
        catch (Exception)
        {
            Abandon(line, null);
            throw;
        }
        finally
        {
            if (counted)
                lock (line) line.Workers--;
        }
    }

    // The line's jobs not handed over (and the one that failed, if any) leave it: they are still Placed, and the loop
    // lines them up again in a later cycle.
    private static void Abandon(CenterLine line, string? failedToken)
    {
        lock (line)
        {
            foreach (var (_, request) in line.Due) line.Tokens.Remove(request.DispatchToken);
            if (failedToken is not null) line.Tokens.Remove(failedToken);
            line.Due.Clear();
        }
    }

    /// <summary>Records the hand-overs done since the last call in one transaction.</summary>
    public async Task RecordHandOversAsync(CancellationToken cancellationToken)
    {
        var done = new List<HandOver>();
        while (_handedOver.TryDequeue(out var handOver)) done.Add(handOver);
        if (done.Count == 0) return;
        // Recorded (or found moved meanwhile) below: either way no longer Placed, so they leave their lines' tokens.
        foreach (var h in done)
            if (_lines.TryGetValue(h.CenterId, out var line))
                lock (line) line.Tokens.Remove(h.DispatchToken);
        var requests = done.Select(h => h.Status is { } status
            ? new TransitionRequest(h.Job.Id, h.Job.Version, JobState.Dispatched,
                $"handed to {h.CenterId} ({h.Job.PoolId}) as {h.DispatchToken}" + (status.EngineJobId is { } id ? $" (engine id {id})" : ""),
                new DispatchFacts(JobViews.Ms(status.SubmittedAt)))
            : new TransitionRequest(h.Job.Id, h.Job.Version, JobState.Failed, $"center {h.CenterId} refused the run: {h.Refusal}")).ToArray();
        var notApplied = await moves.CommitAsync([.. done.Select((h, i) => (h.Job.State, requests[i]))], cancellationToken);
        if (notApplied.Count == 0) return;
        var now = (await jobs.GetManyAsync([.. notApplied], cancellationToken)).ToDictionary(j => j.Id);
        foreach (var h in done.Where(h => h.Status is not null && notApplied.Contains(h.Job.Id)))
        {
            if (now.TryGetValue(h.Job.Id, out var job) && job.DispatchToken == h.DispatchToken && JobLifecycle.IsAtCenter(job.State))
                continue; // recorded already (e.g. by an earlier hand-over of the same run): the run is the job's own
            // The job moved meanwhile (cancelled by its owner, or its placement undone): the run just started must
            // not live on. Asked in the background; the orphan sweep ends it anyway if this fails.
            _ = Task.Run(async () =>
            {
                try { await engines.CallAsync(h.CenterId, (e, ct) => e.CancelAsync(h.DispatchToken, ct), cancellationToken); }
                catch (Exception e) when (e is EngineUnavailableException or OperationCanceledException) { }
            }, CancellationToken.None);
        }
    }
}
