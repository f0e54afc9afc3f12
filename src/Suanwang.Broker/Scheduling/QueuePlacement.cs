using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Suanwang.Api.Mapping;
using Suanwang.Broker.Api;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Network;
using Suanwang.Broker.Observability;
using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Placement;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;
using Suanwang.Placement.FairShare;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Store;
using Suanwang.Store.Dependencies;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// Placement of the front of the queue: submitted jobs are admitted; waiting jobs pass the gates (unreadable request,
/// dependencies, budget, deadline passed, the tenant's hand-over limit), then in fair-share order the core proposes a
/// center for each and the snapshot reserves it; each tenant's decisions are committed compare-and-set on the jobs'
/// versions (a stale proposal is dropped and decided again next cycle).
/// </summary>
public sealed partial class QueuePlacement(JobStore jobs, QueueGates gates, RequestCache requests, DependencyGate dependencies, LoopSignals signals,
    BrokerMetrics metrics, BrokerOptions options, TimeProvider time, ILogger<Scheduler> logger)
{
    private const int MaxPlacementsPerCycle = 1000;

    private readonly PlacementEngine _engine = new();
    private readonly IPlacementPolicy _policy = PolicyCatalog.Create(options.Policy);
    // Waiting jobs no center could take, and the capacity epoch they were last tried at: they are tried
    // again only when capacity may have changed (a run ended or moved, a center changed state, the
    // network changed) or a minute has passed (prices, carbon hours and deadlines move with time).
    private readonly Dictionary<string, long> _unplaceableAt = new();
    private long _epoch;
    private string _lastAvailability = "";

    /// <summary>Takes this cycle's capacity epoch, after counting a change of network, centers' availability or minute as a change of capacity.</summary>
    public void StartCycle(NetworkRevision revision, NetworkSnapshot snapshot, DateTimeOffset now)
    {
        string availability = $"{revision.Number}:{string.Join(',', snapshot.Availability)}:{now.ToUnixTimeSeconds() / 60}";
        if (availability != _lastAvailability) { _lastAvailability = availability; signals.CapacityChanged(); }
        _epoch = signals.CapacityChanges;
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
        var submitted = active.Where(j => j.State == nameof(JobState.Submitted)).ToArray();
        if (submitted.Length == 0) return;
        var requests = submitted.Select(j => new TransitionRequest(j.Id, j.Version, JobState.Queued, "waiting for a placement")).ToArray();
        var results = await jobs.TransitionManyAsync(requests, JobViews.Ms(time.GetUtcNow()), cancellationToken);
        var byId = submitted.ToDictionary(j => j.Id);
        foreach (var (request, status) in results)
        {
            if (status != TransitionStatus.Applied) continue;
            metrics.Transitions.WithLabels(nameof(JobState.Queued)).Inc();
            var row = byId[request.JobId];
            row.State = nameof(JobState.Queued);
            row.Version++;
        }
    }

    /// <summary>Places the waiting jobs of <paramref name="active"/> on <paramref name="snapshot"/> (which reserves what is placed).</summary>
    public async Task PlaceAsync(NetworkRevision revision, NetworkSnapshot snapshot, List<JobRow> active, List<JobRow> atCenters, CancellationToken cancellationToken)
    {
        var waiting = active.Where(j => j.State is nameof(JobState.Queued) or nameof(JobState.Requeued)).ToList();
        if (waiting.Count == 0) return;
        var network = revision.Compiled;
        var settings = revision.Definition.FairShare;
        var now = time.GetUtcNow();
        double nowSeconds = SimTime.ToSeconds(now);
        var commits = new List<(TransitionRequest Request, JobRow Job)>();
        var annotations = new List<(JobRow Job, Action<JobRow> Change)>();
        // A job whose stored request cannot be read fails now, naming why, rather than stopping every cycle.
        foreach (var job in waiting.Where(j => !requests.Has(j.Id)))
            commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Failed, $"its stored request cannot be read ({requests.WhyUnreadable(job)})"), job));
        waiting.RemoveAll(j => !requests.Has(j.Id));
        var blocked = await gates.BlockedByDependenciesAsync(waiting, cancellationToken);
        var overBudget = await gates.OverBudgetTenantsAsync(waiting, cancellationToken);
        var handOver = new HandOverLimit(atCenters, JobViews.Ms(now));
        // Fair-share order at the start of the cycle (holdings change as jobs are placed; the next cycle
        // sorts again), so a cycle costs O(n log n) however long the queue.
        var ordered = waiting.Where(j => !blocked.ContainsKey(j.Id) && !overBudget.ContainsKey(j.Tenant)
                                         && !(_unplaceableAt.TryGetValue(j.Id, out long tried) && tried == _epoch))
            .Select(j => (Job: j, Key: Key(j))).OrderBy(x => x.Key).Select(x => x.Job).ToList();
        foreach (var job in ordered.Take(MaxPlacementsPerCycle))
        {
            var request = requests.RequestOf(job);
            if (request.Constraints.Deadline is { } deadline && deadline < now)
            {
                commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Failed, $"its deadline {deadline:yyyy-MM-dd HH:mm}Z passed before any center could take it"), job));
                continue;
            }
            if (handOver.InFlightRefusal(job.Tenant) is { } full)
            {
                // Its tenant has its fill of jobs at centers: no decision needed until one of them starts.
                string reason = $"waiting: {full}";
                if (job.Reason != reason) annotations.Add((job, j => j.Reason = reason));
                continue;
            }
            var started = Stopwatch.GetTimestamp();
            var decision = _engine.Decide(snapshot, request, job.Sequence, _policy, now, explain: true);
            metrics.DecisionSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            metrics.Decisions.WithLabels(decision.IsPlaced ? "placed" : "unplaceable").Inc();
            string? heldBack = decision.Plan is { } p ? handOver.WaitingRefusal(job.Tenant, CapacityWaitSeconds(p)) ?? handOver.CenterRefusal(job.Tenant, p.CenterId) : null;
            if (decision.Plan is not { } plan || heldBack is not null)
            {
                // Only the reason is kept: the explanation of a waiting job is worked out afresh when asked for.
                // (One held back by the hand-over limit is tried again when a run starts: see JobMoves.FreesCapacity.)
                _unplaceableAt[job.Id] = _epoch;
                string reason = $"waiting: {heldBack ?? decision.Summary}";
                if (job.Reason != reason) annotations.Add((job, j => j.Reason = reason));
                continue;
            }
            handOver.Placed(job.Tenant, plan.CenterId, CapacityWaitSeconds(plan));
            string decisionJson = JsonSerializer.Serialize(DecisionViews.From(decision), JobViews.StoreJson);
            _unplaceableAt.Remove(job.Id);
            int pool = network.PoolIndexOf(plan.CenterId, plan.PoolId);
            var demand = Runtime.Demand(request.Resources, network.PoolIsCpu[pool]);
            snapshot.PoolProfiles[pool].Reserve(SimTime.ToSeconds(plan.StartAt), SimTime.ToSeconds(plan.StartAt) + plan.RuntimeSeconds, demand);
            snapshot.Usage.Add(job.Tenant, job.Tier, demand, nowSeconds);
            string token = DispatchTokens.For(job.Id, job.Attempt);
            commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Placed, decision.Summary, j =>
            {
                j.CenterId = plan.CenterId;
                j.PoolId = plan.PoolId;
                j.DispatchToken = token;
                j.DecisionJson = decisionJson;
                j.PlannedDispatchAtMs = DispatchAtMs(plan);
                j.PlannedStartAtMs = JobViews.Ms(plan.StartAt);
                j.PlannedFinishAtMs = JobViews.Ms(plan.StartAt) + (long)(plan.RuntimeSeconds * 1000);
            }), job));
        }
        foreach (var job in waiting.Where(j => blocked.ContainsKey(j.Id) || overBudget.ContainsKey(j.Tenant)))
        {
            if (blocked.TryGetValue(job.Id, out var dependency))
            {
                if (dependency.Failed) commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Failed, dependency.Reason), job));
                // Held for the dependency still pending: out of the window until it ends.
                else annotations.Add((job, j => { j.WaitsFor = dependency.HoldFor; j.Reason = dependency.Reason; }));
                continue;
            }
            string reason = overBudget[job.Tenant];
            if (job.Reason != reason) annotations.Add((job, j => j.Reason = reason));
        }
        await CommitByTenantAsync(commits, annotations, JobViews.Ms(now), cancellationToken);

        FairShareKey Key(JobRow j) => FairShareOrder.KeyFor(j.Tenant, j.Tier, j.SubmittedAtMs / 1000.0, j.Sequence, snapshot.Usage, settings, nowSeconds);
    }

    // Each tenant's decisions are committed in their own transactions: a failure with one tenant's jobs is logged
    // and the others' still land (the failed ones are simply decided again next cycle).
    private async Task CommitByTenantAsync(List<(TransitionRequest Request, JobRow Job)> commits, List<(JobRow Job, Action<JobRow> Change)> annotations,
        long atMs, CancellationToken cancellationToken)
    {
        foreach (string tenant in commits.Select(c => c.Job.Tenant).Concat(annotations.Select(a => a.Job.Tenant)).Distinct())
        {
            try
            {
                await jobs.AnnotateManyAsync([.. annotations.Where(a => a.Job.Tenant == tenant).Select(a => (a.Job.Id, a.Job.Version, a.Change))], cancellationToken);
                var mine = commits.Where(c => c.Job.Tenant == tenant).Select(c => c.Request).ToArray();
                if (mine.Length == 0) continue;
                foreach (var (request, status) in await jobs.TransitionManyAsync(mine, atMs, cancellationToken))
                {
                    if (status != TransitionStatus.Applied) continue;
                    metrics.Transitions.WithLabels(request.To.ToString()).Inc();
                    if (JobLifecycle.IsFinal(request.To)) dependencies.Ended(request.JobId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogTenantCommitFailed(logger, tenant, e.GetType().Name, e.Message);
            }
        }
    }

    private static double CapacityWaitSeconds(PlanNumbers plan) => Math.Max(0, plan.QueueWaitSeconds - plan.DeferredSeconds);

    // When the job is handed to its center. A job that has to wait for capacity waits in the center's own queue,
    // whose scheduler may start it sooner than predicted (another user's job ending early); only a deliberate
    // deferral to cheaper or greener hours is held here.
    private static long DispatchAtMs(PlanNumbers plan) =>
        JobViews.Ms(plan.DispatchAt) - (long)(Math.Max(0, plan.QueueWaitSeconds - plan.DeferredSeconds) * 1000);

    [LoggerMessage(EventId = 306, Level = LogLevel.Error, Message = "Committing tenant {Tenant}'s decisions failed ({ErrorType}): {Error}; other tenants' were committed")]
    private static partial void LogTenantCommitFailed(ILogger logger, string tenant, string errorType, string error);
}
