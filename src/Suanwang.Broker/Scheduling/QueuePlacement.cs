using Microsoft.Extensions.Logging;
using Suanwang.Broker.Api;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Network;
using Suanwang.Broker.Observability;
using Suanwang.Lifecycle;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Scheduling;
using Suanwang.Store;
using Suanwang.Store.Dependencies;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// The broker's side of the scheduling pass (ADR 0009). Submitted jobs are admitted; waiting jobs pass the broker's gates
/// (unreadable request, dependencies, budget, deadline passed); then the core's <see cref="SchedulingPass"/> decides, as
/// in the simulator: when capacity may have freed (a run ended or was undone, a center changed, a held place came due,
/// a waiting job left) a full pass in fair-share order over the jobs already waiting, then each newcomer admitted in
/// arrival order. A cycle with neither runs no pass at all. Each tenant's decisions are committed compare-and-set on
/// the jobs' versions (a stale one is dropped and decided again next cycle).
/// </summary>
public sealed partial class QueuePlacement(JobStore jobs, QueueGates gates, RequestCache requests, DependencyGate dependencies, LoopSignals signals,
    UsageLedger ledger, EngineRegistry engines, BrokerMetrics metrics, BrokerOptions options, TimeProvider time, ILogger<Scheduler> logger)
{
    /// <summary>Newcomers one cycle admits at most (the rest are admitted in the next cycles, at once).</summary>
    private const int MaxAdmissionsPerCycle = 1000;

    private readonly SchedulingPass _pass = new(PolicyCatalog.Create(options.Policy), SchedulingOptions.Default);
    // Jobs the last cycle left waiting in the pass's queue (so this cycle knows its newcomers), and what it passed at.
    private HashSet<string> _queued = new(StringComparer.Ordinal);
    private long _passedAtCapacity = -1;
    private long _passedAtRuns = -1;
    private long _revision = -1;
    private bool _heldBack;
    // Waiting jobs no center could take, and when they were tried (capacity epoch and minute): tried again only when
    // capacity may have changed or a minute has passed (prices, carbon hours and deadlines move with time).
    private readonly Dictionary<string, (long Capacity, long Minute)> _unplaceableAt = new();
    private string _lastAvailability = "";

    /// <summary>When a place the pass holds for a waiting job comes due, or null (the loop's tick is shorter than any such wait).</summary>
    internal double? NextDueSeconds => _pass.Tentative.NextDueSeconds;

    /// <summary>The policy the pass places with.</summary>
    public IPlacementPolicy Policy => _pass.Policy;

    /// <summary>Counts a change of network or of centers' availability as a change of capacity.</summary>
    public void StartCycle(NetworkRevision revision, NetworkSnapshot snapshot)
    {
        string availability = $"{revision.Number}:{string.Join(',', snapshot.Availability)}";
        if (availability != _lastAvailability) { _lastAvailability = availability; signals.CapacityChanged(); }
    }

    /// <summary>Forgets the jobs out of the window that were found unplaceable (called when the request cache is trimmed).</summary>
    public void ForgetOthers(IReadOnlyList<JobRow> waiting)
    {
        var keep = waiting.Select(j => j.Id).ToHashSet();
        foreach (var id in _unplaceableAt.Keys.Where(id => !keep.Contains(id)).ToArray()) _unplaceableAt.Remove(id);
    }

    /// <summary>Submitted jobs become Queued (the rows in <paramref name="active"/> are updated to match).</summary>
    public async Task AdmitAsync(List<JobRow> active, CancellationToken cancellationToken)
    {
        var submitted = active.Where(j => j.State == JobState.Submitted).ToArray();
        if (submitted.Length == 0) return;
        var requested = submitted.Select(j => new TransitionRequest(j.Id, j.Version, JobState.Queued, "waiting for a placement")).ToArray();
        var results = await jobs.TransitionManyAsync(requested, JobViews.Ms(time.GetUtcNow()), cancellationToken);
        var byId = submitted.ToDictionary(j => j.Id);
        foreach (var (request, status) in results)
        {
            if (status != TransitionStatus.Applied) continue;
            metrics.Transitions.WithLabels(nameof(JobState.Queued)).Inc();
            var row = byId[request.JobId];
            row.State = JobState.Queued;
            row.Version++;
        }
    }

    /// <summary>Decides for the waiting jobs of <paramref name="active"/> on <paramref name="snapshot"/> (which takes every commitment).</summary>
    public async Task PlaceAsync(NetworkRevision revision, NetworkSnapshot snapshot, List<JobRow> active, List<JobRow> atCenters, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        double nowSeconds = SimTime.ToSeconds(now);
        var waiting = active.Where(j => j.State is JobState.Queued or JobState.Requeued).ToList();
        var round = new PlacementRound(revision, snapshot, _pass.Policy, HandOver(revision, atCenters), ledger, metrics, now);
        // A job whose stored request cannot be read fails now, naming why, rather than stopping every cycle.
        foreach (var job in waiting.Where(j => !requests.Has(j.Id)))
            round.Fail(job, $"its stored request cannot be read ({requests.WhyUnreadable(job)})");
        waiting.RemoveAll(j => !requests.Has(j.Id));
        var eligible = await PassGatesAsync(waiting, round, now, cancellationToken);

        bool revisionChanged = revision.Number != _revision;
        if (revisionChanged) _pass.Tentative.Forget();
        else _pass.Tentative.RestoreInto(snapshot);
        var queue = new WaitingQueue();
        var newcomers = new List<QueuedJob>();
        long minute = now.ToUnixTimeSeconds() / 60;
        int known = 0;
        bool retrying = false;
        foreach (var job in eligible.OrderBy(j => j.SubmittedAtMs).ThenBy(j => j.Sequence))
        {
            var queued = new QueuedJob(job, requests.RequestOf(job));
            if (_queued.Contains(job.Id))
            {
                queue.Add(queued);
                known++;
            }
            else if (_unplaceableAt.TryGetValue(job.Id, out var tried))
            {
                // No center could take it when last tried: again (in fair-share order, with the rest of the queue) once
                // capacity may have changed or a minute has passed; until then it costs nothing.
                if (tried == (signals.CapacityChanges, minute)) continue;
                queue.Add(queued);
                retrying = true;
            }
            else
            {
                newcomers.Add(queued);
            }
        }
        // A job that waited in the last pass and is gone from the queue now (cancelled, held, failed) leaves a held place behind.
        bool waitingLeft = known < _queued.Count;
        bool due = _pass.Tentative.NextDueSeconds is { } dueAt && dueAt <= nowSeconds;
        bool fullPass = revisionChanged || waitingLeft || due || retrying || signals.CapacityChanges != _passedAtCapacity || (_heldBack && signals.RunsStarted != _passedAtRuns);
        if (fullPass && queue.Count > 0) _pass.Run(snapshot, queue, nowSeconds, revision.Definition.FairShare, round);
        else if (fullPass) _pass.Tentative.ReleaseAll(snapshot);
        if (fullPass)
        {
            _passedAtCapacity = signals.CapacityChanges;
            _passedAtRuns = signals.RunsStarted;
            _heldBack = round.HeldBackAny;
        }
        foreach (var newcomer in newcomers.Take(MaxAdmissionsPerCycle)) _pass.Admit(snapshot, queue, newcomer, nowSeconds, round);
        _heldBack |= round.HeldBackAny;
        _revision = revision.Number;
        _queued = queue.Jobs.Select(j => ((QueuedJob)j).Row.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in round.NotPlacedIds) _unplaceableAt[id] = (signals.CapacityChanges, minute);
        foreach (var id in round.BoundIds) _unplaceableAt.Remove(id);
        await CommitByTenantAsync(round, JobViews.Ms(now), cancellationToken);
    }

    // The hand-over limit of this cycle: each center's allowance from its last report.
    private HandOverLimit HandOver(NetworkRevision revision, List<JobRow> atCenters) =>
        new(atCenters, revision.Definition.Centers.ToDictionary(c => c.Id, c => HandOverLimit.AllowanceAt(engines.Health(c.Id).LastReport), StringComparer.Ordinal));

    // The broker's own gates, before the pass: failed or held dependencies, spent budgets, deadlines already passed.
    // Returns the jobs that go on to the pass.
    private async Task<List<JobRow>> PassGatesAsync(List<JobRow> waiting, PlacementRound round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blocked = await gates.BlockedByDependenciesAsync(waiting, cancellationToken);
        var overBudget = await gates.OverBudgetTenantsAsync(waiting, cancellationToken);
        var eligible = new List<JobRow>(waiting.Count);
        foreach (var job in waiting)
        {
            if (blocked.TryGetValue(job.Id, out var dependency))
            {
                if (dependency.Failed) round.Fail(job, dependency.Reason);
                // Held for the dependency still pending: out of the window until it ends.
                else round.Annotate(job, new HeldNote(dependency.HoldFor!, dependency.Reason));
            }
            else if (overBudget.TryGetValue(job.Tenant, out string? reason))
            {
                if (job.Reason != reason) round.Annotate(job, new WaitingNote(reason));
            }
            else if (requests.RequestOf(job).Constraints.Deadline is { } deadline && deadline < now)
            {
                round.Fail(job, $"its deadline {deadline:yyyy-MM-dd HH:mm}Z passed before any center could take it");
            }
            else
            {
                eligible.Add(job);
            }
        }
        return eligible;
    }

    // Each tenant's decisions are committed in their own transactions: a failure with one tenant's jobs is logged
    // and the others' still land (the failed ones are simply decided again next cycle).
    private async Task CommitByTenantAsync(PlacementRound round, long atMs, CancellationToken cancellationToken)
    {
        foreach (string tenant in round.Commits.Select(c => c.Job.Tenant).Concat(round.Annotations.Select(a => a.Job.Tenant)).Distinct())
        {
            var mine = round.Commits.Where(c => c.Job.Tenant == tenant).ToArray();
            try
            {
                await jobs.AnnotateManyAsync([.. round.Annotations.Where(a => a.Job.Tenant == tenant).Select(a => (a.Job.Id, a.Job.Version, a.Note))], cancellationToken);
                if (mine.Length == 0) continue;
                foreach (var (request, status) in await jobs.TransitionManyAsync([.. mine.Select(c => c.Request)], atMs, cancellationToken))
                {
                    if (status != TransitionStatus.Applied)
                    {
                        if (request.To == JobState.Placed) ledger.Refused(request.JobId, atMs / 1000.0);
                        continue;
                    }
                    metrics.Transitions.WithLabels(request.To.ToString()).Inc();
                    if (JobLifecycle.IsFinal(request.To)) dependencies.Ended(request.JobId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                foreach (var commit in mine.Where(c => c.Request.To == JobState.Placed)) ledger.Refused(commit.Job.Id, atMs / 1000.0);
                LogTenantCommitFailed(logger, tenant, e.GetType().Name, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 306, Level = LogLevel.Error, Message = "Committing tenant {Tenant}'s decisions failed ({ErrorType}): {Error}; other tenants' were committed")]
    private static partial void LogTenantCommitFailed(ILogger logger, string tenant, string errorType, string error);
}
