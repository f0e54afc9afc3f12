using System.Diagnostics;
using System.Text.Json;
using Suanwang.Broker.Api;
using Suanwang.Broker.Network;
using Suanwang.Broker.Observability;
using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Model.Jobs;
using Suanwang.Placement;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Scheduling;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>A waiting job as the pass sees it, with the stored row the broker commits its decision on.</summary>
internal sealed class QueuedJob(JobRow row, JobRequest request) : WaitingJob(request, row.SubmittedAtMs / 1000.0, row.Sequence)
{
    public JobRow Row { get; } = row;
}

/// <summary>
/// What one cycle's pass decided, as the store will record it: each commitment becomes a Placed transition carrying its
/// explained decision, each job that waits gets a reason saying why (written only when it changed), and the broker's
/// hand-over limits hold jobs back through the pass's gates.
/// </summary>
internal sealed class PlacementRound(NetworkRevision revision, NetworkSnapshot snapshot, IPlacementPolicy policy, HandOverLimit handOver, UsageLedger ledger,
    BrokerMetrics metrics, DateTimeOffset now) : IPassObserver
{
    private readonly PlacementEngine _explainer = new();

    public List<(TransitionRequest Request, JobRow Job)> Commits { get; } = new();
    public List<(JobRow Job, JobNote Note)> Annotations { get; } = new();
    public List<string> BoundIds { get; } = new();
    public List<string> NotPlacedIds { get; } = new();
    public bool HeldBackAny { get; private set; }

    public void Fail(JobRow job, string reason) => Commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Failed, reason), job));

    public void Annotate(JobRow job, JobNote note) => Annotations.Add((job, note));

    string? IPassObserver.HoldBack(WaitingJob job) => handOver.InFlightRefusal(job.Request.Tenant);

    string? IPassObserver.HoldBack(WaitingJob job, in CandidateEstimate plan) =>
        handOver.CenterRefusal(job.Request.Tenant, revision.Compiled.Centers[plan.Center].Id);

    void IPassObserver.HeldBack(WaitingJob job, string reason)
    {
        HeldBackAny = true;
        SetReason(((QueuedJob)job).Row, $"waiting: {reason}");
    }

    void IPassObserver.Bound(WaitingJob waiting, in PlacementOutcome outcome)
    {
        var job = ((QueuedJob)waiting).Row;
        var plan = outcome.Plan;
        // The explanation is worked out on the snapshot the pass decided on, before the decision is written into it.
        long started = Stopwatch.GetTimestamp();
        var decision = _explainer.Decide(snapshot, waiting.Request, waiting.Sequence, policy, now, explain: true);
        metrics.DecisionSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        metrics.Decisions.WithLabels("placed").Inc();
        var network = revision.Compiled;
        string centerId = network.Centers[plan.Center].Id;
        string poolId = network.Pools[plan.Pool].Id;
        handOver.Placed(job.Tenant, centerId);
        ledger.Committed(job.Id, job.Tenant, job.Tier, SnapshotCommits.Demand(snapshot, waiting.Request, plan.Pool));
        BoundIds.Add(job.Id);
        string decisionJson = JsonSerializer.Serialize(DecisionViews.From(decision), JobViews.StoreJson);
        string token = DispatchTokens.For(job.Id, job.Attempt);
        long startMs = (long)Math.Round(plan.StartSeconds * 1000);
        Commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Placed, decision.Summary, new PlacementFacts(centerId, poolId, token, decisionJson,
            (long)Math.Round(plan.DispatchSeconds * 1000), startMs, startMs + (long)(plan.RuntimeSeconds * 1000))), job));
    }

    void IPassObserver.NotPlaced(WaitingJob waiting, in PlacementOutcome outcome)
    {
        // Only the reason is kept: the explanation of a waiting job is worked out afresh when asked for.
        metrics.Decisions.WithLabels("unplaceable").Inc();
        NotPlacedIds.Add(((QueuedJob)waiting).Row.Id);
        var decision = _explainer.Decide(snapshot, waiting.Request, waiting.Sequence, policy, now, explain: false);
        SetReason(((QueuedJob)waiting).Row, $"waiting: {decision.Summary}");
    }

    void IPassObserver.Waits(WaitingJob waiting, in PlacementOutcome outcome, bool reserved)
    {
        var plan = outcome.Plan;
        var network = revision.Compiled;
        var start = SimTime.FromSeconds(plan.StartSeconds);
        SetReason(((QueuedJob)waiting).Row,
            $"waiting for capacity: the earliest start is at {network.Centers[plan.Center].Id} ({network.Pools[plan.Pool].Id}) at {start:yyyy-MM-dd HH:mm}Z" +
            (reserved ? "; its place there is held, later jobs only fill in around it" : ""));
    }

    private void SetReason(JobRow job, string reason)
    {
        if (job.Reason != reason) Annotations.Add((job, new WaitingNote(reason)));
    }
}
