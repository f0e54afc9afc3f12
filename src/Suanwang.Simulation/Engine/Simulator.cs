using Suanwang.Model.Jobs;
using Suanwang.Placement;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Scheduling;
using Suanwang.Simulation.Metrics;

namespace Suanwang.Simulation.Engine;

/// <summary>
/// Replays arrivals through the scheduling pass the broker runs (<see cref="SchedulingPass"/>): each arrival is
/// admitted at once, and when a run ends (or a held place comes due) a full pass re-decides the queue. The simulator
/// owns time and the runs: a committed job runs for its real length (which the plan only estimated) and its end is an
/// event. Deterministic: same inputs, same result.
/// </summary>
public sealed class Simulator : IPassObserver
{
    private readonly CompiledNetwork _network;
    private readonly SimulationOptions _options;
    private readonly NetworkSnapshot _snapshot;
    private readonly SchedulingPass _pass;
    private readonly WaitingQueue _queue = new();
    private readonly PriorityQueue<Running, (double Time, long Sequence)> _events = new();
    private readonly double[] _poolTrimAt;
    private readonly HashSet<double> _wakeUps = new();
    private readonly List<(long Sequence, string JobId, int Pool, double StartSeconds)> _decisions = new();
    private PolicyMetrics? _metrics;
    private double _now;
    private long _eventsSinceTrim;

    /// <summary>A simulator of <paramref name="policy"/> on <paramref name="network"/>.</summary>
    public Simulator(CompiledNetwork network, IPlacementPolicy policy, SimulationOptions? options = null)
    {
        _network = network;
        _options = options ?? SimulationOptions.Default;
        _snapshot = new NetworkSnapshot(network);
        _pass = new SchedulingPass(policy, _options.Scheduling);
        _poolTrimAt = new double[network.PoolCount];
    }

    /// <summary>Keep every commitment and the time of every full pass (<see cref="Decisions"/>, <see cref="PassTimes"/>); off for big replays.</summary>
    public bool Recording { get; init; }

    /// <summary>
    /// Every commitment so far, in the order made: the job, its pool (index in the compiled network) and planned
    /// start. What the broker, given the same arrivals and runs, must also decide (the agreement test compares them).
    /// </summary>
    public IReadOnlyList<(long Sequence, string JobId, int Pool, double StartSeconds)> Decisions => _decisions;

    /// <summary>When a full pass ran (seconds since the Unix epoch), while <see cref="Recording"/>.</summary>
    public IReadOnlyList<double> PassTimes => _passTimes;

    private readonly List<double> _passTimes = new();

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
            Arrive(new SimulatedJob(arrival, submit, sequence++));
        }
        _metrics ??= new PolicyMetrics(_network, 0, _options.TimelineBucketSeconds);
        ProcessEventsUntil(double.PositiveInfinity);
        // Whatever still waits could never be placed (e.g. the network is down): count it.
        _metrics.Unplaceable += _queue.Count;
        return _metrics;
    }

    private void Arrive(SimulatedJob job)
    {
        var m = _metrics!;
        m.Submitted++;
        m.FirstSubmitSeconds = Math.Min(m.FirstSubmitSeconds, job.SubmitSeconds);
        _now = job.SubmitSeconds;
        _pass.Admit(_snapshot, _queue, job, job.SubmitSeconds, this);
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
            _now = now;
            if (_queue.Count == 0) continue;
            if (Recording) _passTimes.Add(now);
            _pass.Run(_snapshot, _queue, now, _network.Definition.FairShare, this);
        }
    }

    /// <inheritdoc />
    void IPassObserver.Bound(WaitingJob waiting, in PlacementOutcome outcome)
    {
        var job = (SimulatedJob)waiting;
        var request = job.Request;
        var plan = outcome.Plan;
        var demand = SnapshotCommits.Demand(_snapshot, request, plan.Pool);
        double actualRuntime = Runtime.Seconds(request.Kind, job.Arrival.ActualReferenceHours, _network.ModelSpeed[_network.PoolModel[plan.Pool]]);
        double reservedEnd = plan.StartSeconds + plan.RuntimeSeconds;
        double actualEnd = plan.StartSeconds + actualRuntime;
        // The pass holds the plan's estimate; a run that overruns it keeps its resources until it ends.
        if (actualEnd > reservedEnd) _snapshot.PoolProfiles[plan.Pool].Reserve(reservedEnd, actualEnd, demand);
        _events.Enqueue(new Running(job, plan, demand, actualRuntime, reservedEnd), (actualEnd + plan.StageOutSeconds, job.Sequence));
        if (Recording) _decisions.Add((job.Sequence, request.Id, plan.Pool, plan.StartSeconds));
        if (plan.DeferredSeconds > 0) _metrics!.Deferred++;
    }

    // A job no pool could ever run is unplaceable; one that could run but no longer within its
    // deadline or price ceiling is rejected, as Slurm removes a job whose --deadline cannot be met.
    /// <inheritdoc />
    void IPassObserver.NotPlaced(WaitingJob job, in PlacementOutcome outcome)
    {
        if (outcome.EstimatedCount > 0) _metrics!.RejectedConstraint++;
        else _metrics!.Unplaceable++;
    }

    /// <inheritdoc />
    void IPassObserver.Waits(WaitingJob job, in PlacementOutcome outcome, bool reserved)
    {
        // A held place that no earlier event will announce still gets a pass; any earlier event triggers a pass that
        // re-plans, so one wake-up at the earliest such dispatch is enough.
        double dispatch = outcome.Plan.DispatchSeconds;
        if (reserved && dispatch > _now && !(_events.TryPeek(out _, out var next) && next.Time <= dispatch) && _wakeUps.Add(dispatch))
            _events.Enqueue(Running.WakeUp, (dispatch, -1));
    }

    private void Complete(Running run, double now)
    {
        var m = _metrics!;
        var job = run.Job.Request;
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

    private sealed class SimulatedJob(SimulationArrival arrival, double submitSeconds, long sequence)
        : WaitingJob(arrival.Job, submitSeconds, sequence)
    {
        public SimulationArrival Arrival { get; } = arrival;
    }

    private sealed record Running(SimulatedJob Job, CandidateEstimate Plan, ResourceVector Demand, double ActualRuntimeSeconds, double ReservedEndSeconds)
    {
        public static readonly Running WakeUp = new(null!, default, default, 0, 0);
        public bool IsWakeUp => ReferenceEquals(this, WakeUp);
    }
}
