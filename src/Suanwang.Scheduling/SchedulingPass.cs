using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Placement;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.FairShare;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Scheduling;

/// <summary>
/// The scheduling pass both the broker and the simulator run (ADR 0009). Two entry points:
/// <list type="bullet">
/// <item><see cref="Admit"/>: a newcomer is placed at once against the queue's tentative reservations; it is committed
/// if it binds now, else it joins the queue (holding a tentative place while fewer than the reservation depth are held).</item>
/// <item><see cref="Run"/>: when capacity may have freed (a run ended or was undone, a center changed, a held place came
/// due), every tentative place is released and waiting jobs are taken in fair-share order — the tenant whose head has
/// the smallest key first, recomputed after every commit, FIFO within a tenant — committing those that bind now and
/// holding places for the first <see cref="SchedulingOptions.ReservationDepth"/> that cannot.</item>
/// </list>
/// Deterministic and free of I/O and clocks: the same snapshot, queue and time give the same decisions. One instance
/// per driver (it reuses the core's scratch buffers and keeps the tentative places between passes).
/// </summary>
public sealed class SchedulingPass(IPlacementPolicy policy, SchedulingOptions options)
{
    private readonly PlacementEngine _engine = new();

    /// <summary>The policy choosing among centers.</summary>
    public IPlacementPolicy Policy { get; } = policy;

    /// <summary>The pass's settings.</summary>
    public SchedulingOptions Options { get; } = options;

    /// <summary>Places held for waiting jobs since the last full pass.</summary>
    public TentativeReservations Tentative { get; } = new();

    /// <summary>Whether <paramref name="outcome"/> is committed now under the binding rule.</summary>
    public bool BindsNow(in PlacementOutcome outcome) =>
        Options.Binding == BindingRule.Early || outcome.CapacityWaitSeconds <= 1e-6;

    /// <summary>Places a newcomer (see the type's summary). <paramref name="snapshot"/> holds the tentative places.</summary>
    public void Admit(NetworkSnapshot snapshot, WaitingQueue queue, WaitingJob job, double nowSeconds, IPassObserver observer)
    {
        if (observer.HoldBack(job) is { } early)
        {
            queue.Add(job);
            observer.HeldBack(job, early);
            return;
        }
        var outcome = _engine.Place(snapshot, job.Request, job.Sequence, Policy, nowSeconds);
        if (!outcome.IsPlaced)
        {
            observer.NotPlaced(job, outcome);
            return;
        }
        if (BindsNow(outcome))
        {
            if (observer.HoldBack(job, outcome.Plan) is { } reason)
            {
                queue.Add(job);
                observer.HeldBack(job, reason);
                return;
            }
            Bind(snapshot, job, outcome, nowSeconds, observer);
            return;
        }
        queue.Add(job);
        // Until the next full pass re-orders the queue, a newcomer that must wait holds its place so that later
        // arrivals only backfill around it.
        bool reserved = Tentative.Count < Options.ReservationDepth;
        if (reserved) HoldTentatively(snapshot, job.Request, outcome.Plan, nowSeconds);
        observer.Waits(job, outcome, reserved);
    }

    /// <summary>A full pass over <paramref name="queue"/> (see the type's summary). <paramref name="snapshot"/> holds the tentative places.</summary>
    public void Run(NetworkSnapshot snapshot, WaitingQueue queue, double nowSeconds, FairShareSettings settings, IPassObserver observer)
    {
        Tentative.ReleaseAll(snapshot);
        using var walk = queue.Walk();
        var tenants = walk.Cursors;
        int attempts = 0, reservations = 0, misses = 0;
        while (attempts < Options.MaxAttemptsPerPass && misses < Options.MaxConsecutiveMisses)
        {
            int pick = -1;
            FairShareKey pickKey = default;
            for (int t = 0; t < tenants.Count; t++)
            {
                var head = tenants[t].Peek();
                if (head is null) continue;
                var key = FairShareOrder.KeyFor(tenants[t].Tenant, head.Request.Tier, head.SubmitSeconds, head.Sequence, snapshot.Usage, settings, nowSeconds);
                if (pick < 0 || key.CompareTo(pickKey) < 0) { pick = t; pickKey = key; }
            }
            if (pick < 0) break;
            var job = tenants[pick].Peek()!;
            tenants[pick].Advance();
            if (observer.HoldBack(job) is { } early)
            {
                observer.HeldBack(job, early);
                continue;
            }
            // Past the reservation depth only a job that can start now matters: skip the rest cheaply.
            if (reservations >= Options.ReservationDepth && !FitsSomewhereNow(snapshot, job.Request, nowSeconds)) continue;
            attempts++;
            var outcome = _engine.Place(snapshot, job.Request, job.Sequence, Policy, nowSeconds);
            if (!outcome.IsPlaced)
            {
                queue.Remove(job);
                observer.NotPlaced(job, outcome);
                continue;
            }
            if (BindsNow(outcome))
            {
                if (observer.HoldBack(job, outcome.Plan) is { } reason)
                {
                    observer.HeldBack(job, reason);
                    continue;
                }
                queue.Remove(job);
                Bind(snapshot, job, outcome, nowSeconds, observer);
                misses = 0;
                continue;
            }
            bool reserved = reservations < Options.ReservationDepth;
            if (reserved)
            {
                HoldTentatively(snapshot, job.Request, outcome.Plan, nowSeconds);
                reservations++;
            }
            else
            {
                misses++;
            }
            observer.Waits(job, outcome, reserved);
        }
    }

    private void Bind(NetworkSnapshot snapshot, WaitingJob job, in PlacementOutcome outcome, double nowSeconds, IPassObserver observer)
    {
        observer.Bound(job, outcome);
        SnapshotCommits.Bind(snapshot, job.Request, outcome.Plan, nowSeconds);
    }

    private void HoldTentatively(NetworkSnapshot snapshot, JobRequest job, in CandidateEstimate plan, double nowSeconds) =>
        Tentative.Hold(snapshot, plan, SnapshotCommits.Demand(snapshot, job, plan.Pool), nowSeconds);

    private static bool FitsSomewhereNow(NetworkSnapshot snapshot, JobRequest job, double nowSeconds)
    {
        var network = snapshot.Network;
        var resources = job.Resources;
        for (int p = 0; p < network.PoolCount; p++)
        {
            if (network.PoolIsCpu[p] != resources.IsCpuOnly) continue;
            if (snapshot.PoolProfiles[p].FreeAt(nowSeconds).Covers(SnapshotCommits.Demand(snapshot, job, p))) return true;
        }
        return false;
    }
}
