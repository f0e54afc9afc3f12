using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suanwang.Broker.Api;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Network;
using Suanwang.Broker.Observability;
using Suanwang.Lifecycle;
using Suanwang.Model.Jobs;
using Suanwang.Placement;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Store;
using Suanwang.Store.Dependencies;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// The broker's control loop. Each cycle, on a tick or when woken by a submission or cancellation:
/// <list type="number">
/// <item><b>Track</b> (<see cref="CenterTracker"/>): ask each center's engine about the runs it holds; move jobs to Running
/// or their final state (metering the real run), mark jobs of unreachable centers Unknown, and past the
/// center's lease Lost then Requeued; cancel runs that no live attempt owns.</item>
/// <item><b>Snapshot</b> (<see cref="SnapshotBuilder"/>): the network's capacity with every placed, dispatched and running job
/// reserved, centers' availability (drained, unreachable, no engine) and tenants' holdings.</item>
/// <item><b>Dependencies</b>: jobs held for a dependency that has ended are released or failed, a bounded
/// number per cycle (<see cref="DependencyGate"/>).</item>
/// <item><b>Place</b> (<see cref="QueuePlacement"/>): the front of the queue — each tenant's oldest waiting jobs, a bounded window —
/// through the scheduling pass the simulator runs (ADR 0009: late binding, fair-share order, held places); the store
/// commits each decision compare-and-set on the job's version (a stale proposal is dropped and retried next cycle).
/// One tenant's failure to commit does not stop the others'.</item>
/// <item><b>Dispatch</b> (<see cref="Dispatcher"/>): committed placements whose dispatch time has come go to their center's
/// engine under their dispatch token (idempotent there), then are marked Dispatched.</item>
/// </list>
/// Only this loop moves jobs forward, so its decisions never race each other; the API only submits
/// and cancels, and every write is compare-and-set, so a race with it is detected, not lost.
/// </summary>
public sealed partial class Scheduler : BackgroundService
{
    /// <summary>
    /// Waiting jobs per tenant a cycle reads (each tenant's oldest, per waiting state): what a cycle costs depends on
    /// this and the number of tenants, never on how long one tenant's queue is.
    /// </summary>
    internal const int WindowPerTenant = 256;

    /// <summary>Held jobs a cycle may release or fail once their dependency ended (more follow in the next cycles, at once).</summary>
    internal const int DependencyMovesPerCycle = 1000;

    /// <summary>Shortest pause between cycles, so a stream of wake-ups batches into cycles rather than spinning.</summary>
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(50);

    private readonly JobStore _jobs;
    private readonly AccessStore _access;
    private readonly NetworkState _network;
    private readonly BrokerOwnership _ownership;
    private readonly LoopSignals _signals;
    private readonly CenterTracker _tracker;
    private readonly SnapshotBuilder _snapshots;
    private readonly RequestCache _requests;
    private readonly QueuePlacement _placement;
    private readonly UsageLedger _ledger;
    private readonly Dispatcher _dispatcher;
    private readonly DependencyGate _gate;
    private readonly BrokerMetrics _metrics;
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<Scheduler> _logger;
    private long _cycles;
    private DateTimeOffset _lastGauges;
    private TimeSpan _gaugeEvery = TimeSpan.FromSeconds(1);

    /// <summary>The loop over the broker's parts.</summary>
    public Scheduler(JobStore jobs, AccessStore access, NetworkState network, BrokerOwnership ownership, LoopSignals signals,
        CenterTracker tracker, SnapshotBuilder snapshots, RequestCache requests, QueuePlacement placement, UsageLedger ledger, Dispatcher dispatcher,
        DependencyGate gate, BrokerMetrics metrics, BrokerOptions options, TimeProvider time, ILogger<Scheduler> logger)
    {
        _jobs = jobs;
        _access = access;
        _network = network;
        _ownership = ownership;
        _signals = signals;
        _tracker = tracker;
        _snapshots = snapshots;
        _requests = requests;
        _placement = placement;
        _ledger = ledger;
        _dispatcher = dispatcher;
        _gate = gate;
        _metrics = metrics;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completed cycles (for readiness and tests).</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    /// <summary>Says capacity may have been freed outside the loop (e.g. a cancellation): waiting jobs are tried again next cycle.</summary>
    public void CapacityChanged() => _signals.CapacityChanged();

    /// <summary>Runs a cycle soon (e.g. after a submission).</summary>
    public void Wake() => _signals.Wake();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await RunCycleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The store or an engine failed mid-cycle: nothing half-done is committed (every write is
                // its own compare-and-set), so the next cycle simply starts again from the store.
                LogCycleFailed(_logger, e.GetType().Name, e.Message);
            }
            _metrics.CycleSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            Interlocked.Increment(ref _cycles);
            try
            {
                await Task.Delay(MinimumGap, _time, stoppingToken);
                await _signals.WaitForWakeAsync(_options.Tick, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One cycle: track, snapshot, place, dispatch.</summary>
    public async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        // Never two schedulers at once: a broker that cannot confirm it still holds the store's lock does nothing.
        if (!await _ownership.ConfirmAsync(cancellationToken)) return;
        var revision = _network.Current;
        await _dispatcher.RecordHandOversAsync(cancellationToken);
        await _tracker.TrackAsync(revision, (await _jobs.AtCentersAsync(cancellationToken)).ToList(), cancellationToken);
        var atCenters = (await _jobs.AtCentersAsync(cancellationToken)).ToList();
        await ResolveDependenciesAsync(cancellationToken);
        // The queue is read before the centers' holds: a job submitted after an operator drained a center is then
        // never placed by a snapshot taken before the drain.
        var waiting = (await _jobs.WaitingWindowAsync(WindowPerTenant, cancellationToken)).ToList();

        var now = _time.GetUtcNow();
        var drained = await _access.DrainedCentersAsync(cancellationToken);
        var usage = _ledger.Follow(revision, atCenters, SimTime.ToSeconds(now));
        var snapshot = _snapshots.Build(revision, atCenters, drained, now, usage);
        _placement.StartCycle(revision, snapshot);

        await _requests.LoadAsync(waiting, cancellationToken);
        if (_requests.ForgetOthers(waiting)) _placement.ForgetOthers(waiting);
        await _placement.AdmitAsync(waiting, cancellationToken);
        await _placement.PlaceAsync(revision, snapshot, waiting, atCenters, cancellationToken);
        _ledger.Publish();
        if (!await _ownership.ConfirmAsync(cancellationToken)) return;
        await _dispatcher.DispatchAsync(cancellationToken);
        await PublishGaugesAsync(now, cancellationToken);
    }

    // Jobs held for dependencies that have ended: released into the queue or failed, a bounded number per cycle;
    // when more are left the next cycle comes at once. A failure here is logged and placement goes on.
    private async Task ResolveDependenciesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var step = await _gate.StepAsync(JobViews.Ms(_time.GetUtcNow()), DependencyMovesPerCycle, cancellationToken);
            if (step.Failed > 0) _metrics.Transitions.WithLabels(nameof(JobState.Failed)).Inc(step.Failed);
            if (step.Released > 0 || step.Failed > 0) LogDependencies(_logger, step.Released, step.Failed, step.MoreToDo);
            if (step.MoreToDo) Wake();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStepFailed(_logger, "dependencies", e.GetType().Name, e.Message);
        }
    }

    /// <summary>
    /// Where <paramref name="jobs"/> would go now and why, without storing anything: the same snapshot
    /// and policy the next cycle uses, on a snapshot of its own (safe to call from request threads).
    /// </summary>
    public async Task<IReadOnlyList<PlacementDecision>> DryRunAsync(IReadOnlyList<JobRequest> jobs, CancellationToken cancellationToken)
    {
        var revision = _network.Current;
        var atCenters = await _jobs.AtCentersAsync(cancellationToken);
        var drained = await _access.DrainedCentersAsync(cancellationToken);
        var now = _time.GetUtcNow();
        // The holdings as the next cycle sees them, on a copy: a dry run commits nothing.
        var usage = _ledger.Latest(revision.Number);
        var snapshot = _snapshots.Build(revision, atCenters, drained, now, usage);
        var engine = new PlacementEngine();
        var policy = _placement.Policy;
        return jobs.Select(job => engine.Decide(snapshot, job, long.MaxValue, policy, now, explain: true)).ToArray();
    }

    private async Task PublishGaugesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - _lastGauges < _gaugeEvery) return;
        _lastGauges = now;
        long started = Stopwatch.GetTimestamp();
        var counts = await _jobs.CountActiveAsync(cancellationToken);
        // Counting reads every unfinished job: behind a long queue the count is taken less often, so that it costs
        // the loop about 5% of its time at most.
        _gaugeEvery = TimeSpan.FromSeconds(Math.Clamp(Stopwatch.GetElapsedTime(started).TotalSeconds * 20, 1, 60));
        foreach (var state in Enum.GetValues<JobState>().Where(s => !JobLifecycle.IsFinal(s)))
            _metrics.JobsByState.WithLabels(state.ToString()).Set(counts.Where(c => c.State == state).Sum(c => c.Count));
        foreach (var tier in _network.Current.Definition.FairShare.Tiers)
            _metrics.QueueLength.WithLabels(tier.Name).Set(counts.Where(c => c.Tier == tier.Name
                && JobLifecycle.IsWaiting(c.State)).Sum(c => c.Count));
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Scheduling cycle failed ({ErrorType}): {Error}")]
    private static partial void LogCycleFailed(ILogger logger, string errorType, string error);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Dependencies: {Released} held jobs released, {Failed} failed (more to do: {MoreToDo})")]
    private static partial void LogDependencies(ILogger logger, int released, int failed, bool moreToDo);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "Scheduling step {Step} failed ({ErrorType}): {Error}; the cycle goes on")]
    private static partial void LogStepFailed(ILogger logger, string step, string errorType, string error);
}
