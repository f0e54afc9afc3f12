using Suanwang.Model.Jobs;
using Suanwang.Placement;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.FairShare;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Simulation.Metrics;

namespace Suanwang.Simulation.Engine;

/// <summary>
/// Replays arrivals through the placement core for one policy, as the broker would run them:
/// a global queue in fair-share order, late binding (a job is committed to a center when it can
/// have its resources there without waiting for capacity, or when it chose to wait for a better
/// hour), and tentative reservations for the highest-priority waiting jobs so that others only
/// backfill around them. Deterministic: same inputs, same result.
/// </summary>
public sealed class Simulator
{
    private readonly CompiledNetwork _network;
    private readonly IPlacementPolicy _policy;
    private readonly SimulationOptions _options;
    private readonly NetworkSnapshot _snapshot;
    private readonly PlacementEngine _engine = new();
    private readonly PriorityQueue<Running, (double Time, long Sequence)> _events = new();
    private readonly SortedDictionary<string, TenantQueue> _waitingByTenant = new(StringComparer.Ordinal);
    private readonly List<(int Pool, double Start, double End, ResourceVector Demand)> _tentative = new();
    private readonly double[] _poolTrimAt;
    private readonly HashSet<double> _wakeUps = new();
    private PolicyMetrics? _metrics;
    private int _waitingCount;
    private long _eventsSinceTrim;

    /// <summary>A simulator of <paramref name="policy"/> on <paramref name="network"/>.</summary>
    public Simulator(CompiledNetwork network, IPlacementPolicy policy, SimulationOptions? options = null)
    {
        _network = network;
        _policy = policy;
        _options = options ?? SimulationOptions.Default;
        _snapshot = new NetworkSnapshot(network);
        _poolTrimAt = new double[network.PoolCount];
    }

    /// <summary>
    /// Runs every arrival (ordered by submission time) to completion and returns the measurements.
    /// </summary>
    public PolicyMetrics Run(IEnumerable<SimulationArrival> arrivals)
    {
        long sequence = 0;
        double last = double.NegativeInfinity;
        foreach (var arrival in arrivals)
        {
            double submit = SimTime.ToSeconds(arrival.SubmitTime);
            if (submit < last) throw new InvalidOperationException($"arrivals must be ordered by submission time; job '{arrival.Job.Id}' at {arrival.SubmitTime:u} comes after one at {SimTime.FromSeconds(last):u}");
            last = submit;
            _metrics ??= new PolicyMetrics(_network, submit, _options.TimelineBucketSeconds);
            ProcessEventsUntil(submit);
            Arrive(new Waiting(arrival, submit, sequence++));
        }
        _metrics ??= new PolicyMetrics(_network, 0, _options.TimelineBucketSeconds);
        ProcessEventsUntil(double.PositiveInfinity);
        // Whatever still waits could never be placed (e.g. the network is down): count it.
        foreach (var queue in _waitingByTenant.Values) _metrics.Unplaceable += queue.Live;
        return _metrics;
    }

    private void Arrive(Waiting job)
    {
        var m = _metrics!;
        m.Submitted++;
        m.FirstSubmitSeconds = Math.Min(m.FirstSubmitSeconds, job.SubmitSeconds);
        var outcome = _engine.Place(_snapshot, job.Arrival.Job, job.Sequence, _policy, job.SubmitSeconds);
        if (!outcome.IsPlaced) { Reject(outcome); return; }
        if (BindsNow(outcome)) { Commit(job, outcome.Plan, job.SubmitSeconds); return; }
        if (!_waitingByTenant.TryGetValue(job.Arrival.Job.Tenant, out var queue)) _waitingByTenant[job.Arrival.Job.Tenant] = queue = new TenantQueue();
        queue.Add(job);
        _waitingCount++;
        // Until the next pass re-orders the queue, a newcomer that must wait holds its place so
        // that later arrivals only backfill around it.
        if (_tentative.Count < _options.ReservationDepth) ReserveTentatively(job, outcome.Plan, job.SubmitSeconds);
    }

    private void ReserveTentatively(Waiting job, CandidateEstimate plan, double now)
    {
        var demand = Demand(job.Arrival.Job, plan.Pool);
        double end = plan.StartSeconds + plan.RuntimeSeconds;
        _snapshot.PoolProfiles[plan.Pool].Reserve(plan.StartSeconds, end, demand);
        _tentative.Add((plan.Pool, plan.StartSeconds, end, demand));
        // A tentative start that no earlier event will announce still gets a pass; any earlier event
        // triggers a pass that re-plans, so one wake-up at the earliest such start is enough.
        double dispatch = plan.DispatchSeconds;
        if (dispatch > now && !(_events.TryPeek(out _, out var next) && next.Time <= dispatch) && _wakeUps.Add(dispatch))
            _events.Enqueue(Running.WakeUp, (dispatch, -1));
    }

    /// <summary>
    /// A job is committed (late binding) when it can have its resources without waiting for
    /// capacity. Binding deadline jobs early, with a held reservation, was tried: it cut deadline
    /// refusals but made everyone else wait behind far-future reservations (ADR 0003).
    /// </summary>
    private static bool BindsNow(PlacementOutcome outcome) =>
        outcome.CapacityWaitSeconds <= 1e-6;

    // A job no pool could ever run is unplaceable; one that could run but no longer within its
    // deadline or price ceiling is rejected, as Slurm removes a job whose --deadline cannot be met.
    private void Reject(PlacementOutcome outcome)
    {
        if (outcome.EstimatedCount > 0) _metrics!.RejectedConstraint++;
        else _metrics!.Unplaceable++;
    }

    private void ProcessEventsUntil(double time)
    {
        while (_events.TryPeek(out _, out var next) && next.Time <= time)
        {
            double now = next.Time;
            while (_events.TryPeek(out _, out next) && next.Time == now)
            {
                var running = _events.Dequeue();
                if (running.IsWakeUp) { _wakeUps.Remove(now); continue; }
                Complete(running, now);
            }
            if (++_eventsSinceTrim >= 256) TrimProfiles(now);
            if (_waitingCount > 0) SchedulingPass(now);
        }
    }

    /// <summary>
    /// A full pass: drop last pass's tentative reservations, then take waiting jobs in fair-share
    /// order (the tenant with the lowest key first, FIFO within a tenant), committing those that can
    /// go now and reserving ahead for the first few that cannot.
    /// </summary>
    private void SchedulingPass(double now)
    {
        foreach (var (pool, start, end, demand) in _tentative) _snapshot.PoolProfiles[pool].Release(start, end, demand);
        _tentative.Clear();

        var tenants = _waitingByTenant.Where(kv => kv.Value.Live > 0).Select(kv => (Cursor: new TenantCursor(kv.Key, kv.Value), Queue: kv.Value)).ToList();
        var settings = _network.Definition.FairShare;
        int attempts = 0, reservations = 0, misses = 0;
        while (attempts < _options.MaxAttemptsPerPass && misses < _options.MaxConsecutiveMisses)
        {
            int pick = -1;
            FairShareKey pickKey = default;
            for (int t = 0; t < tenants.Count; t++)
            {
                var head = tenants[t].Cursor.Peek();
                if (head is null) continue;
                var key = FairShareOrder.KeyFor(tenants[t].Cursor.Tenant, head.Arrival.Job.Tier, head.SubmitSeconds, head.Sequence, _snapshot.Usage, settings, now);
                if (pick < 0 || key.CompareTo(pickKey) < 0) { pick = t; pickKey = key; }
            }
            if (pick < 0) break;
            var (cursor, queue) = tenants[pick];
            var job = cursor.Peek()!;
            cursor.Advance();
            // Past the reservation depth only a job that can start now matters: skip the rest cheaply.
            if (reservations >= _options.ReservationDepth && !FitsSomewhereNow(job.Arrival.Job, now)) continue;
            attempts++;
            var outcome = _engine.Place(_snapshot, job.Arrival.Job, job.Sequence, _policy, now);
            if (!outcome.IsPlaced)
            {
                Reject(outcome);
                queue.Remove(job);
                _waitingCount--;
                continue;
            }
            if (BindsNow(outcome))
            {
                Commit(job, outcome.Plan, now);
                queue.Remove(job);
                _waitingCount--;
                misses = 0;
                continue;
            }
            if (reservations < _options.ReservationDepth)
            {
                ReserveTentatively(job, outcome.Plan, now);
                reservations++;
            }
            else
            {
                misses++;
            }
        }
    }

    private bool FitsSomewhereNow(JobRequest job, double now)
    {
        var resources = job.Resources;
        for (int p = 0; p < _network.PoolCount; p++)
        {
            if (_network.PoolIsCpu[p] != resources.IsCpuOnly) continue;
            var demand = Demand(job, p);
            if (_snapshot.PoolProfiles[p].FreeAt(now).Covers(demand)) return true;
        }
        return false;
    }

    private ResourceVector Demand(JobRequest job, int pool) => Runtime.Demand(job.Resources, _network.PoolIsCpu[pool]);

    private void Commit(Waiting job, CandidateEstimate plan, double now)
    {
        var request = job.Arrival.Job;
        var demand = Demand(request, plan.Pool);
        double actualRuntime = Runtime.Seconds(request.Kind, job.Arrival.ActualReferenceHours, _network.ModelSpeed[_network.PoolModel[plan.Pool]]);
        double reservedEnd = plan.StartSeconds + plan.RuntimeSeconds;
        double actualEnd = plan.StartSeconds + actualRuntime;
        // The reservation follows the estimate; a run that overruns it keeps its resources until it ends.
        _snapshot.PoolProfiles[plan.Pool].Reserve(plan.StartSeconds, Math.Max(reservedEnd, actualEnd), demand);
        _snapshot.Usage.Add(request.Tenant, request.Tier, demand, now);
        var running = new Running(job, plan, demand, actualRuntime, reservedEnd);
        _events.Enqueue(running, (actualEnd + plan.StageOutSeconds, job.Sequence));
        if (plan.DeferredSeconds > 0) _metrics!.Deferred++;
    }

    private void Complete(Running run, double now)
    {
        var m = _metrics!;
        var job = run.Job.Arrival.Job;
        var plan = run.Plan;
        double actualEnd = plan.StartSeconds + run.ActualRuntimeSeconds;
        if (actualEnd < run.ReservedEndSeconds)
            _snapshot.PoolProfiles[plan.Pool].Release(actualEnd, run.ReservedEndSeconds, run.Demand);
        _snapshot.Usage.Remove(job.Tenant, job.Tier, run.Demand, now);

        var metering = RunMeter.Measure(_network, plan.Pool, job.Resources, plan.StartSeconds, run.ActualRuntimeSeconds, plan.TransferCostYuan);
        double submit = run.Job.SubmitSeconds;
        double finish = now;
        double wait = Math.Max(0, plan.StartSeconds - submit - plan.StageInSeconds - plan.DeferredSeconds);
        double completion = finish - submit;
        // Slowdown counts what the user did not choose: deliberate deferral inside the window is left out.
        double slowdown = (completion - plan.DeferredSeconds) / Math.Max(run.ActualRuntimeSeconds, PolicyMetrics.SlowdownFloorSeconds);
        double units = job.Resources.IsCpuOnly ? job.Resources.Cpus : job.Resources.AcceleratorCount;
        double work = run.Job.Arrival.ActualReferenceHours * units;

        m.Completed++;
        m.CompletionSeconds.Add(completion);
        m.WaitSeconds.Add(wait);
        m.StageInSeconds.Add(plan.StageInSeconds);
        if (plan.DeferredSeconds > 0) m.DeferralSeconds.Add(plan.DeferredSeconds);
        m.Slowdown.Add(slowdown);
        m.CostYuan += metering.CostYuan;
        m.EnergyKwh += metering.EnergyKwh;
        m.RenewableKwh += metering.EnergyKwh * metering.RenewableShare;
        m.CarbonGrams += metering.CarbonGrams;
        m.WaterLitres += metering.WaterLitres;
        m.Work += work;
        if (_network.CenterIsWest[plan.Center]) m.WesternWork += work;
        m.CenterWork[plan.Center] += work;
        m.CenterJobs[plan.Center]++;
        if (_network.PoolIsCpu[plan.Pool]) m.CpuPoolCoreSeconds += job.Resources.Cpus * run.ActualRuntimeSeconds;
        else m.AcceleratorSeconds += job.Resources.AcceleratorCount * run.ActualRuntimeSeconds;
        m.Timeline.Add(plan.Center, plan.StartSeconds, actualEnd, units);
        m.FinishErrorSecondsSum += Math.Abs(plan.FinishSeconds - finish);
        m.LastFinishSeconds = Math.Max(m.LastFinishSeconds, finish);
        if (job.Constraints.Deadline is { } deadline)
        {
            m.WithDeadline++;
            if (finish > SimTime.ToSeconds(deadline) + 1e-6) m.MissedDeadline++;
        }
        var tier = m.Tier(job.Tier);
        tier.Jobs++;
        tier.SlowdownSum += slowdown;
        tier.WaitSum += wait;
        tier.Work += work;
    }

    private void TrimProfiles(double now)
    {
        _eventsSinceTrim = 0;
        for (int p = 0; p < _network.PoolCount; p++)
        {
            if (now - _poolTrimAt[p] < 3600) continue;
            _snapshot.PoolProfiles[p].TrimBefore(now);
            _poolTrimAt[p] = now;
        }
    }

    private sealed class Waiting(SimulationArrival arrival, double submitSeconds, long sequence)
    {
        public SimulationArrival Arrival { get; } = arrival;
        public double SubmitSeconds { get; } = submitSeconds;
        public long Sequence { get; } = sequence;
        public bool Removed { get; set; }
    }

    private sealed record Running(Waiting Job, CandidateEstimate Plan, ResourceVector Demand, double ActualRuntimeSeconds, double ReservedEndSeconds)
    {
        public static readonly Running WakeUp = new(null!, default, default, 0, 0);
        public bool IsWakeUp => ReferenceEquals(this, WakeUp);
    }

    /// <summary>
    /// One tenant's waiting jobs in arrival order, walked from the front in a pass. Removed jobs are
    /// only marked, and the list is compacted when they are the majority, so removal is amortised O(1)
    /// even with tens of thousands of jobs waiting.
    /// </summary>
    private sealed class TenantCursor(string tenant, TenantQueue queue)
    {
        private int _next = queue.Head;
        public string Tenant { get; } = tenant;

        /// <summary>The next live job at or after the cursor, or null.</summary>
        public Waiting? Peek()
        {
            while (_next < queue.Jobs.Count && queue.Jobs[_next].Removed) _next++;
            return _next < queue.Jobs.Count ? queue.Jobs[_next] : null;
        }

        public void Advance() => _next++;
    }

    private sealed class TenantQueue
    {
        public List<Waiting> Jobs { get; } = new();
        public int Head { get; private set; }
        public int Live { get; private set; }

        public void Add(Waiting job) { Jobs.Add(job); Live++; }

        public void Remove(Waiting job)
        {
            job.Removed = true;
            Live--;
            while (Head < Jobs.Count && Jobs[Head].Removed) Head++;
            if (Jobs.Count - Live > Math.Max(64, Jobs.Count / 2))
            {
                Jobs.RemoveAll(j => j.Removed);
                Head = 0;
            }
        }
    }
}
