using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Network;
using Suanwang.Broker.Observability;
using Suanwang.Broker.Submissions;
using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Model.Jobs;
using Suanwang.Placement;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.FairShare;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Store;
using Suanwang.Store.Dependencies;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// The broker's control loop. Each cycle, on a tick or when woken by a submission or cancellation:
/// <list type="number">
/// <item><b>Track</b>: ask each center's engine about the runs it holds; move jobs to Running or their
/// final state (metering the real run), mark jobs of unreachable centers Unknown, and past the
/// center's lease Lost then Requeued; cancel runs that no live attempt owns.</item>
/// <item><b>Snapshot</b>: the network's capacity with every placed, dispatched and running job
/// reserved, centers' availability (drained, unreachable, no engine) and tenants' holdings.</item>
/// <item><b>Dependencies</b>: jobs held for a dependency that has ended are released or failed, a bounded
/// number per cycle (<see cref="DependencyGate"/>).</item>
/// <item><b>Place</b>: the front of the queue — each tenant's oldest waiting jobs, a bounded window — in
/// fair-share order; the core proposes, the store commits each decision compare-and-set on the job's version (a
/// stale proposal is dropped and retried next cycle). One tenant's failure to commit does not stop the others'.</item>
/// <item><b>Dispatch</b>: committed placements whose dispatch time has come go to their center's
/// engine under their dispatch token (idempotent there), then are marked Dispatched.</item>
/// </list>
/// Only this loop moves jobs forward, so its decisions never race each other; the API only submits
/// and cancels, and every write is compare-and-set, so a race with it is detected, not lost.
/// </summary>
public sealed partial class Scheduler : BackgroundService
{
    private const int MaxPlacementsPerCycle = 1000;

    /// <summary>
    /// Waiting jobs per tenant a cycle reads (each tenant's oldest, per waiting state): what a cycle costs depends on
    /// this and the number of tenants, never on how long one tenant's queue is.
    /// </summary>
    internal const int WindowPerTenant = 256;

    /// <summary>Held jobs a cycle may release or fail once their dependency ended (more follow in the next cycles, at once).</summary>
    internal const int DependencyMovesPerCycle = 1000;

    private readonly JobStore _jobs;
    private readonly AccessStore _access;
    private readonly NetworkState _network;
    private readonly EngineRegistry _engines;
    private readonly BrokerMetrics _metrics;
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<Scheduler> _logger;
    private readonly BrokerOwnership _ownership;
    private readonly IPlacementPolicy _policy;
    private readonly PlacementEngine _engine = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Dictionary<string, JobRequest> _requests = new();
    // Stored requests by body (without their batch scripts): an array's elements share one, read and parsed once.
    private readonly Dictionary<string, JobRequest> _shared = new();
    private readonly DependencyGate _gate;
    private long _cycles;
    // Waiting jobs no center could take, and the capacity epoch they were last tried at: they are tried
    // again only when capacity may have changed (a run ended or moved, a center changed state, the
    // network changed) or a minute has passed (prices, carbon hours and deadlines move with time).
    private readonly Dictionary<string, long> _unplaceableAt = new();
    private long _capacityChanges;
    private long _epoch;
    private string _lastAvailability = "";
    // Questions to centers still open (tracking) and hand-overs still going (dispatch), by center: a slow center
    // keeps at most one of each, and the cycle does not wait for them beyond EngineWaitPerCycle.
    private readonly Dictionary<string, Task<(IReadOnlyList<RunStatus>? Runs, string? Error, DateTimeOffset AskedAt, TimeSpan Took)>> _asking = new();
    private readonly Dictionary<string, Task<int>> _dispatching = new();
    private readonly Dictionary<string, DateTimeOffset> _nextAskAt = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<HandOver> _handedOver = new();

    /// <summary>
    /// Shortest time between two questions to one center: cycles come as often as submissions wake them, and a
    /// question costs the center work (Slurm: a query per unfinished run, or a listing of every job).
    /// </summary>
    private static readonly TimeSpan MinimumAskGap = TimeSpan.FromMilliseconds(100);
    private DateTimeOffset _lastGauges;
    private TimeSpan _gaugeEvery = TimeSpan.FromSeconds(1);

    /// <summary>Shortest pause between cycles, so a stream of wake-ups batches into cycles rather than spinning.</summary>
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(50);

    /// <summary>The loop over the broker's parts.</summary>
    public Scheduler(JobStore jobs, AccessStore access, NetworkState network, EngineRegistry engines, BrokerMetrics metrics,
        BrokerOptions options, TimeProvider time, ILogger<Scheduler> logger, BrokerOwnership ownership)
    {
        _ownership = ownership;
        _jobs = jobs;
        _access = access;
        _network = network;
        _engines = engines;
        _metrics = metrics;
        _options = options;
        _time = time;
        _logger = logger;
        _policy = PolicyCatalog.Create(options.Policy);
        _gate = new DependencyGate(jobs);
    }

    /// <summary>Completed cycles (for readiness and tests).</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    /// <summary>Says capacity may have been freed outside the loop (e.g. a cancellation): waiting jobs are tried again next cycle.</summary>
    public void CapacityChanged() => Interlocked.Increment(ref _capacityChanges);

    /// <summary>Runs a cycle soon (e.g. after a submission).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
            try { _wake.Release(); } catch (SemaphoreFullException) { /* already woken */ }
    }

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
                await _wake.WaitAsync(_options.Tick, stoppingToken);
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
        await RecordHandOversAsync(cancellationToken);
        await TrackAsync(revision, (await _jobs.AtCentersAsync(cancellationToken)).ToList(), cancellationToken);
        var atCenters = (await _jobs.AtCentersAsync(cancellationToken)).ToList();
        await ResolveDependenciesAsync(cancellationToken);
        // The queue is read before the centers' holds: a job submitted after an operator drained a center is then
        // never placed by a snapshot taken before the drain.
        var waiting = (await _jobs.WaitingWindowAsync(WindowPerTenant, cancellationToken)).ToList();

        var now = _time.GetUtcNow();
        var drained = await _access.DrainedCentersAsync(cancellationToken);
        var snapshot = BuildSnapshot(revision, atCenters, drained, now);
        string availability = $"{revision.Number}:{string.Join(',', snapshot.Availability)}:{now.ToUnixTimeSeconds() / 60}";
        if (availability != _lastAvailability) { _lastAvailability = availability; CapacityChanged(); }
        _epoch = Interlocked.Read(ref _capacityChanges);

        await LoadRequestsAsync(waiting, cancellationToken);
        ForgetOthers(waiting);
        await AdmitAsync(waiting, cancellationToken);
        await PlaceAsync(revision, snapshot, waiting, atCenters, cancellationToken);
        if (!await _ownership.ConfirmAsync(cancellationToken)) return;
        await DispatchAsync(cancellationToken);
        await PublishGaugesAsync(now, cancellationToken);
    }

    // Jobs held for dependencies that have ended: released into the queue or failed, a bounded number per cycle;
    // when more are left the next cycle comes at once. A failure here is logged and placement goes on.
    private async Task ResolveDependenciesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var step = await _gate.StepAsync(JobViews.Ms(_time.GetUtcNow()), DependencyMovesPerCycle, cancellationToken);
            if (step.Failed > 0) _metrics.Transitions.WithLabels(JobState.Failed.ToString()).Inc(step.Failed);
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
        var snapshot = BuildSnapshot(revision, atCenters, drained, now);
        var engine = new PlacementEngine();
        var policy = PolicyCatalog.Create(_options.Policy);
        return jobs.Select(job => engine.Decide(snapshot, job, long.MaxValue, policy, now, explain: true)).ToArray();
    }

    // ---------------------------------------------------------------- tracking

    private async Task TrackAsync(NetworkRevision revision, List<JobRow> active, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var atCenters = active.Where(j => j.CenterId is not null).GroupBy(j => j.CenterId!).ToDictionary(g => g.Key, g => g.ToList());
        // Ask every center at once, and wait for answers only so long: a slow center answers in the background
        // and is heard from in a later cycle (while its question is open it is not asked again).
        foreach (var center in revision.Definition.Centers)
        {
            if (_asking.ContainsKey(center.Id) || now < _nextAskAt.GetValueOrDefault(center.Id)) continue;
            _asking[center.Id] = Background(AskAsync(center.Id, cancellationToken));
        }
        await WaitAtMostAsync(_asking.Values, cancellationToken);
        foreach (var center in revision.Definition.Centers)
        {
            if (!_asking.TryGetValue(center.Id, out var answer) || !answer.IsCompleted) continue;
            _asking.Remove(center.Id);
            var jobs = atCenters.GetValueOrDefault(center.Id) ?? [];
            var (runs, error, askedAt, took) = await answer;
            // A center slow to answer is asked less often: it spends at most about two thirds of its time answering us.
            _nextAskAt[center.Id] = now + (took / 2 > MinimumAskGap ? took / 2 : MinimumAskGap);
            if (runs is null)
            {
                _metrics.CentersUp.WithLabels(center.Id).Set(0);
                await CenterUnreachableAsync(center.Id, jobs, error!, now, cancellationToken);
                continue;
            }
            _metrics.CentersUp.WithLabels(center.Id).Set(1);
            var byToken = runs.ToDictionary(r => r.DispatchToken);
            var moves = new List<(JobState From, TransitionRequest Request)>();
            // Runs that ended are metered against their committed plan: their decisions, which light rows leave out, are read now.
            var ended = jobs.Where(j => j.DispatchToken is { } token && byToken.TryGetValue(token, out var r) && r.IsFinished).Select(j => j.Id).ToArray();
            var decisions = ended.Length == 0 ? null : await _jobs.DecisionsAsync(ended, cancellationToken);
            foreach (var job in jobs)
            {
                if (decisions?.GetValueOrDefault(job.Id) is { } decision) job.DecisionJson = decision;
                if (job.State == JobState.Placed) continue; // not handed over yet: the dispatcher owns it
                var run = job.DispatchToken is null ? null : byToken.GetValueOrDefault(job.DispatchToken);
                await FollowRunAsync(revision, job, run, askedAt, now, moves, cancellationToken);
            }
            await CommitAsync(moves, cancellationToken);
            await CancelOrphansAsync(center.Id, runs, active, cancellationToken);
        }
        // Questions to centers no longer in the network are dropped once answered.
        foreach (var id in _asking.Where(a => a.Value.IsCompleted && !revision.Definition.Centers.Any(c => c.Id == a.Key)).Select(a => a.Key).ToArray())
        {
            _asking.Remove(id);
            _nextAskAt.Remove(id);
        }
    }

    // Waits for every task or the per-cycle budget, whichever comes first.
    private async Task WaitAtMostAsync(IEnumerable<Task> tasks, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(tasks);
        if (all.IsCompleted) return;
        await Task.WhenAny(all, Task.Delay(_options.EngineWaitPerCycle, _time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    // A call that may outlive the cycle that started it: when it ends late, the loop is woken to use its answer.
    private Task<T> Background<T>(Task<T> call)
    {
        if (!call.IsCompleted) _ = call.ContinueWith(_ => Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return call;
    }

    // A center's runs and capacity report, or why it could not be asked.
    private async Task<(IReadOnlyList<RunStatus>? Runs, string? Error, DateTimeOffset AskedAt, TimeSpan Took)> AskAsync(string centerId, CancellationToken cancellationToken)
    {
        var askedAt = _time.GetUtcNow();
        long started = Stopwatch.GetTimestamp();
        try
        {
            var runs = await _engines.CallAsync(centerId, (e, ct) => e.ListAsync(ct), cancellationToken);
            await _engines.CallAsync(centerId, (e, ct) => e.ReportAsync(ct), cancellationToken);
            return (runs, null, askedAt, Stopwatch.GetElapsedTime(started));
        }
        catch (EngineUnavailableException e)
        {
            return (null, e.Message, askedAt, Stopwatch.GetElapsedTime(started));
        }
    }

    // Where the run is says where the job goes. The common moves (to Running, to a final state) are added to
    // <paramref name="moves"/> to be committed together, one transaction per center's answer; the rare ones
    // (lost runs, centers' own requeues) are written at once.
    private async Task FollowRunAsync(NetworkRevision revision, JobRow job, RunStatus? run, DateTimeOffset askedAt, DateTimeOffset now,
        List<(JobState From, TransitionRequest Request)> moves, CancellationToken cancellationToken)
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
                await MoveAsync(job, JobState.Dispatched, "the center is reachable again; the run is still waiting there", cancellationToken);
                break;
            case RunState.Pending when state == JobState.Running:
                // The center put the run back in its queue itself (node failure, preemption): the same attempt
                // runs again there, so it is not a failure and not a new attempt of ours.
                string requeued = $"requeued by {job.CenterId} itself (node failure or preemption); attempt {job.Attempt} waits there to run again";
                if (job.RequeuedByCenterAtMs is null) await _jobs.AnnotateAsync(job.Id, job.Version, new RequeuedByCenterNote(JobViews.Ms(now), requeued), cancellationToken);
                break;
            case RunState.Running when state is JobState.Dispatched or JobState.Unknown:
                moves.Add((job.State, new TransitionRequest(job.Id, job.Version, JobState.Running, RunningAt(job, run), new StartFacts(JobViews.Ms(run.StartedAt ?? now)))));
                break;
            case RunState.Running when state == JobState.Running && job.RequeuedByCenterAtMs is not null:
                await _jobs.AnnotateAsync(job.Id, job.Version,
                    new RestartedNote(JobViews.Ms(run.StartedAt ?? now), RunningAt(job, run) + " again after the center requeued it"), cancellationToken);
                break;
            case RunState.Succeeded or RunState.Failed or RunState.Cancelled:
                moves.Add((job.State, Finish(revision, job, run, now)));
                break;
            case RunState.Lost:
                await LoseAsync(job, run.Message ?? "the run's process is gone", cancellationToken);
                break;
        }
    }

    private static string RunningAt(JobRow job, RunStatus run) => $"running at {job.CenterId}" + (run.EngineJobId is { } id ? $" (engine id {id})" : "");

    private static TransitionRequest Finish(NetworkRevision revision, JobRow job, RunStatus run, DateTimeOffset now)
    {
        var to = run.State switch
        {
            RunState.Succeeded => JobState.Succeeded,
            RunState.Cancelled => JobState.Cancelled,
            _ => JobState.Failed,
        };
        string reason = to switch
        {
            JobState.Succeeded => $"exited 0 at {job.CenterId}",
            JobState.Cancelled => $"cancelled at {job.CenterId}" + (run.Message is { } m ? $": {m}" : ""),
            _ => run.Message ?? $"exited {run.ExitCode} at {job.CenterId}",
        };
        var resources = JobViews.Resources(job);
        var started = run.StartedAt ?? (job.StartedAtMs is { } s ? JobViews.Time(s) : (DateTimeOffset?)null);
        var ended = run.EndedAt ?? now;
        return new TransitionRequest(job.Id, job.Version, to, reason, new EndFacts(JobViews.Ms(ended), run.ExitCode,
            started is { } start ? JobViews.Ms(start) : null, started is { } s2 ? Meter(revision, job, resources, s2, ended) : null));
    }

    // Metering from the run's real start and end by the core's own meter, so estimate and actual compare. The job's
    // row must carry its decision (the light rows tracking reads do not: see TrackAsync).
    private static MeteredRun Meter(NetworkRevision revision, JobRow job, ResourceRequest resources, DateTimeOffset start, DateTimeOffset end)
    {
        var network = revision.Compiled;
        int pool = network.PoolIndexOf(job.CenterId, job.PoolId);
        double runtime = Math.Max(0, (end - start).TotalSeconds);
        double hours = runtime / 3600.0;
        if (pool < 0) return new MeteredRun(resources.AcceleratorCount * hours, resources.Cpus * hours);
        double transfer = JobViews.Decision(job)?.Plan is { } plan
            ? RunMeter.TransferCostOf(network, pool, resources, SimTime.ToSeconds(plan.StartAt), plan.RuntimeSeconds, plan.CostYuan)
            : 0;
        var metered = RunMeter.Measure(network, pool, resources, SimTime.ToSeconds(start), runtime, transfer);
        return new MeteredRun(resources.AcceleratorCount * hours, resources.Cpus * hours, metered.CostYuan, metered.EnergyKwh, metered.CarbonGrams / 1000.0);
    }

    private async Task CenterUnreachableAsync(string centerId, List<JobRow> jobs, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var job in jobs)
        {
            switch (job.State)
            {
                case JobState.Placed when !_dispatching.ContainsKey(centerId):
                    // (While a hand-over to the center is still going, its jobs are the dispatcher's: undoing one
                    // now would race with its submission.)
                    await MoveAsync(job, JobState.Queued, $"placement undone: center {centerId} is unreachable ({error})", cancellationToken);
                    break;
                case JobState.Dispatched or JobState.Running:
                    await MoveAsync(job, JobState.Unknown, $"center {centerId} is unreachable ({error}); the run may still be going", cancellationToken,
                        new UnreachableFacts(JobViews.Ms(now)));
                    break;
                case JobState.Unknown:
                    long since = job.UnreachableSinceMs ?? job.UpdatedAtMs;
                    if (JobViews.Ms(now) - since >= (long)_options.CenterLease.TotalMilliseconds)
                        await LoseAsync(job, $"center {centerId} unreachable for longer than its {_options.CenterLease.TotalSeconds:0} s lease", cancellationToken);
                    break;
            }
        }
    }

    // Lost, then straight back to the queue as a new attempt — services too: a service that is not running
    // anywhere helps nobody — unless the job said it must not run twice (requeue: false): then it fails.
    private async Task LoseAsync(JobRow job, string why, CancellationToken cancellationToken)
    {
        var lost = await MoveAsync(job, JobState.Lost, why, cancellationToken);
        if (lost is null) return;
        if (!await MayRequeueAsync(lost, cancellationToken))
        {
            await MoveAsync(lost, JobState.Failed, $"lost at {lost.CenterId} ({why}) and not requeued: the job asked never to run twice (requeue: false)",
                cancellationToken);
            return;
        }
        await MoveAsync(lost, JobState.Requeued, $"requeued as attempt {lost.Attempt + 1} (attempt {lost.Attempt}: {why}); an extra run of attempt {lost.Attempt} found later is cancelled",
            cancellationToken);
    }

    private async Task<bool> MayRequeueAsync(JobRow job, CancellationToken cancellationToken)
    {
        if (_requests.TryGetValue(job.Id, out var request)) return request.Requeue;
        // Whether a job may run twice is the same for every element of an array: its body says.
        var stored = await _jobs.RequestTemplatesAsync([job.BodyId], cancellationToken);
        return !stored.TryGetValue(job.BodyId, out string? json) || JobBodies.Shared(json).Requeue;
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
                if (await _engines.CallAsync(centerId, (e, ct) => e.CancelAsync(run.DispatchToken, ct), cancellationToken))
                {
                    _metrics.OrphansCancelled.Inc();
                    LogOrphanCancelled(_logger, centerId, run.DispatchToken);
                }
            }
            catch (EngineUnavailableException)
            {
                return; // next cycle
            }
        }
    }

    // ---------------------------------------------------------------- snapshot

    private NetworkSnapshot BuildSnapshot(NetworkRevision revision, IReadOnlyList<JobRow> active, IReadOnlySet<string> drained, DateTimeOffset now)
    {
        var network = revision.Compiled;
        double nowSeconds = SimTime.ToSeconds(now);
        var profiles = network.PoolCapacity.Select(c => new CapacityProfile(c)).ToArray();
        var availability = new CenterAvailability[network.CenterCount];
        for (int c = 0; c < network.CenterCount; c++)
        {
            string id = network.Centers[c].Id;
            availability[c] = _engines.Health(id).AvailabilityWhen(drained.Contains(id));
        }
        for (int c = 0; c < network.CenterCount; c++)
            if (availability[c] != CenterAvailability.Down && _engines.Health(network.Centers[c].Id).LastReport?.Pools is { } pools)
                ReserveCenterLoad(network, network.Centers[c].Id, pools, profiles, nowSeconds);
        var usage = new TenantUsage(network.TotalCapacity);
        foreach (var job in active)
        {
            if (!JobLifecycle.IsAtCenter(job.State)) continue;
            int pool = network.PoolIndexOf(job.CenterId, job.PoolId);
            if (pool < 0) continue;
            var demand = Runtime.Demand(JobViews.Resources(job), network.PoolIsCpu[pool]);
            double start = Math.Max(nowSeconds, job.StartedAtMs is { } s ? s / 1000.0 : (job.PlannedStartAtMs ?? JobViews.Ms(now)) / 1000.0);
            double plannedRuntime = job.PlannedStartAtMs is { } ps && job.PlannedFinishAtMs is { } pf ? (pf - ps) / 1000.0 : 3600;
            double runStart = job.StartedAtMs is { } rs ? rs / 1000.0 : start;
            // A run past its estimate still holds its resources; give it at least a minute more.
            double end = Math.Max(runStart + plannedRuntime, nowSeconds + 60);
            profiles[pool].Reserve(start, end, demand);
            if (job.State is JobState.Running) usage.Add(job.Tenant, job.Tier, demand, nowSeconds);
        }
        return new NetworkSnapshot(network, profiles, availability, usage);
    }

    /// <summary>How far ahead capacity missing at a center (nodes down or drained there) is held back: until it returns.</summary>
    private static readonly double MissingCapacityHorizonSeconds = TimeSpan.FromDays(30).TotalSeconds;

    // What a shared center's own engine reports beyond our runs: capacity its nodes lack now (down, drained, fewer
    // than declared) and its other users' jobs, running or queued, over the times the center expects them.
    private static void ReserveCenterLoad(CompiledNetwork network, string centerId, IReadOnlyList<PoolLoad> pools, CapacityProfile[] profiles, double nowSeconds)
    {
        foreach (var load in pools)
        {
            int pool = network.PoolIndexOf(centerId, load.PoolId);
            if (pool < 0) continue;
            bool cpuPool = network.PoolIsCpu[pool];
            var declared = network.PoolCapacity[pool];
            var missing = Runtime.Demand(
                Math.Max(0, declared.Accelerators - load.Capacity.Accelerators),
                Math.Max(0, declared.Cpus - load.Capacity.Cpus),
                Math.Max(0, declared.MemoryGiB - load.Capacity.MemoryGiB), cpuPool);
            if (missing != default) profiles[pool].Reserve(nowSeconds, nowSeconds + MissingCapacityHorizonSeconds, missing);
            foreach (var work in load.OtherWork)
            {
                double start = Math.Max(nowSeconds, SimTime.ToSeconds(work.Start));
                double end = Math.Max(start + 1, SimTime.ToSeconds(work.End));
                profiles[pool].Reserve(start, end, Runtime.Demand(work.Demand.Accelerators, work.Demand.Cpus, work.Demand.MemoryGiB, cpuPool));
            }
        }
    }

    // ---------------------------------------------------------------- admission and placement

    private async Task AdmitAsync(List<JobRow> active, CancellationToken cancellationToken)
    {
        var submitted = active.Where(j => j.State == JobState.Submitted).ToArray();
        if (submitted.Length == 0) return;
        var requests = submitted.Select(j => new TransitionRequest(j.Id, j.Version, JobState.Queued, "waiting for a placement")).ToArray();
        var results = await _jobs.TransitionManyAsync(requests, JobViews.Ms(_time.GetUtcNow()), cancellationToken);
        var byId = submitted.ToDictionary(j => j.Id);
        foreach (var (request, status) in results)
        {
            if (status != TransitionStatus.Applied) continue;
            _metrics.Transitions.WithLabels(JobState.Queued.ToString()).Inc();
            var row = byId[request.JobId];
            row.State = JobState.Queued;
            row.Version++;
        }
    }

    private async Task PlaceAsync(NetworkRevision revision, NetworkSnapshot snapshot, List<JobRow> active, List<JobRow> atCenters, CancellationToken cancellationToken)
    {
        var waiting = active.Where(j => j.State is JobState.Queued or JobState.Requeued).ToList();
        if (waiting.Count == 0) return;
        var network = revision.Compiled;
        var settings = revision.Definition.FairShare;
        var now = _time.GetUtcNow();
        double nowSeconds = SimTime.ToSeconds(now);
        var commits = new List<(TransitionRequest Request, JobRow Job)>();
        var annotations = new List<(JobRow Job, JobNote Note)>();
        // A job whose stored request cannot be read fails now, naming why, rather than stopping every cycle.
        foreach (var job in waiting.Where(j => !_requests.ContainsKey(j.Id)))
            commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Failed, $"its stored request cannot be read ({_unreadable.GetValueOrDefault(job.BodyId) ?? $"no body '{job.BodyId}' in the store"})"), job));
        waiting.RemoveAll(j => !_requests.ContainsKey(j.Id));
        var blocked = await BlockedByDependenciesAsync(waiting, cancellationToken);
        var overBudget = await OverBudgetTenantsAsync(waiting, cancellationToken);
        var handOver = new HandOverLimit(atCenters, JobViews.Ms(now));
        // Fair-share order at the start of the cycle (holdings change as jobs are placed; the next cycle
        // sorts again), so a cycle costs O(n log n) however long the queue.
        var ordered = waiting.Where(j => !blocked.ContainsKey(j.Id) && !overBudget.ContainsKey(j.Tenant)
                                         && !(_unplaceableAt.TryGetValue(j.Id, out long tried) && tried == _epoch))
            .Select(j => (Job: j, Key: Key(j))).OrderBy(x => x.Key).Select(x => x.Job).ToList();
        foreach (var job in ordered.Take(MaxPlacementsPerCycle))
        {
            var request = RequestOf(job);
            if (request.Constraints.Deadline is { } deadline && deadline < now)
            {
                commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Failed, $"its deadline {deadline:yyyy-MM-dd HH:mm}Z passed before any center could take it"), job));
                continue;
            }
            if (handOver.InFlightRefusal(job.Tenant) is { } full)
            {
                // Its tenant has its fill of jobs at centers: no decision needed until one of them starts.
                string reason = $"waiting: {full}";
                if (job.Reason != reason) annotations.Add((job, new WaitingNote(reason)));
                continue;
            }
            var started = Stopwatch.GetTimestamp();
            var decision = _engine.Decide(snapshot, request, job.Sequence, _policy, now, explain: true);
            _metrics.DecisionSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            _metrics.Decisions.WithLabels(decision.IsPlaced ? "placed" : "unplaceable").Inc();
            string? heldBack = decision.Plan is { } p ? handOver.WaitingRefusal(job.Tenant, CapacityWaitSeconds(p)) ?? handOver.CenterRefusal(job.Tenant, p.CenterId) : null;
            if (decision.Plan is not { } plan || heldBack is not null)
            {
                // Only the reason is kept: the explanation of a waiting job is worked out afresh when asked for.
                // (One held back by the hand-over limit is tried again when a run starts: see FreesCapacity.)
                _unplaceableAt[job.Id] = _epoch;
                string reason = $"waiting: {heldBack ?? decision.Summary}";
                if (job.Reason != reason) annotations.Add((job, new WaitingNote(reason)));
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
            commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Placed, decision.Summary, new PlacementFacts(plan.CenterId, plan.PoolId, token, decisionJson,
                DispatchAtMs(plan), JobViews.Ms(plan.StartAt), JobViews.Ms(plan.StartAt) + (long)(plan.RuntimeSeconds * 1000))), job));
        }
        foreach (var job in waiting.Where(j => blocked.ContainsKey(j.Id) || overBudget.ContainsKey(j.Tenant)))
        {
            if (blocked.TryGetValue(job.Id, out var dependency))
            {
                if (dependency.Failed) commits.Add((new TransitionRequest(job.Id, job.Version, JobState.Failed, dependency.Reason), job));
                // Held for the dependency still pending: out of the window until it ends.
                else annotations.Add((job, new HeldNote(dependency.HoldFor!, dependency.Reason)));
                continue;
            }
            string reason = overBudget[job.Tenant];
            if (job.Reason != reason) annotations.Add((job, new WaitingNote(reason)));
        }
        await CommitByTenantAsync(commits, annotations, JobViews.Ms(now), cancellationToken);

        FairShareKey Key(JobRow j) => FairShareOrder.KeyFor(j.Tenant, j.Tier, j.SubmittedAtMs / 1000.0, j.Sequence, snapshot.Usage, settings, nowSeconds);
    }

    // Each tenant's decisions are committed in their own transactions: a failure with one tenant's jobs is logged
    // and the others' still land (the failed ones are simply decided again next cycle).
    private async Task CommitByTenantAsync(List<(TransitionRequest Request, JobRow Job)> commits, List<(JobRow Job, JobNote Note)> annotations,
        long atMs, CancellationToken cancellationToken)
    {
        foreach (string tenant in commits.Select(c => c.Job.Tenant).Concat(annotations.Select(a => a.Job.Tenant)).Distinct())
        {
            try
            {
                await _jobs.AnnotateManyAsync([.. annotations.Where(a => a.Job.Tenant == tenant).Select(a => (a.Job.Id, a.Job.Version, a.Note))], cancellationToken);
                var mine = commits.Where(c => c.Job.Tenant == tenant).Select(c => c.Request).ToArray();
                if (mine.Length == 0) continue;
                foreach (var (request, status) in await _jobs.TransitionManyAsync(mine, atMs, cancellationToken))
                {
                    if (status != TransitionStatus.Applied) continue;
                    _metrics.Transitions.WithLabels(request.To.ToString()).Inc();
                    if (JobLifecycle.IsFinal(request.To)) _gate.Ended(request.JobId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogTenantCommitFailed(_logger, tenant, e.GetType().Name, e.Message);
            }
        }
    }

    private static double CapacityWaitSeconds(PlanNumbers plan) => Math.Max(0, plan.QueueWaitSeconds - plan.DeferredSeconds);

    // When the job is handed to its center. A job that has to wait for capacity waits in the center's own queue,
    // whose scheduler may start it sooner than predicted (another user's job ending early); only a deliberate
    // deferral to cheaper or greener hours is held here.
    private static long DispatchAtMs(PlanNumbers plan) =>
        JobViews.Ms(plan.DispatchAt) - (long)(Math.Max(0, plan.QueueWaitSeconds - plan.DeferredSeconds) * 1000);

    // Jobs waiting on others (afterok), checked against every dependency before placement: failed when one ended
    // any other way or is not the tenant's job; held for the first still pending (HoldFor), which takes the job out
    // of the window until that one ends. The dependencies' states are read in slices, however many there are.
    private async Task<Dictionary<string, (bool Failed, string Reason, string? HoldFor)>> BlockedByDependenciesAsync(List<JobRow> waiting, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (bool, string, string?)>();
        var withDeps = waiting.Select(j => (Job: j, Deps: RequestOf(j).DependsOn)).Where(x => x.Deps.Count > 0).ToArray();
        if (withDeps.Length == 0) return result;
        var deps = await _jobs.StatesAsync(withDeps.SelectMany(x => x.Deps).Distinct().ToArray(), cancellationToken);
        foreach (var (job, list) in withDeps)
        {
            foreach (string id in list)
            {
                if (!deps.TryGetValue(id, out var dep) || dep.Tenant != job.Tenant)
                { result[job.Id] = (true, $"dependency '{id}' is not a job of tenant {job.Tenant}", null); break; }
                if (dep.State is JobState.Failed or JobState.Cancelled)
                { result[job.Id] = (true, $"dependency '{id}' ended {dep.State}, so this job cannot run (afterok)", null); break; }
                if (dep.State != JobState.Succeeded)
                { result[job.Id] = (false, $"waiting for dependency '{id}' ({dep.State}) to succeed", id); break; }
            }
        }
        return result;
    }

    // Tenants past their monthly accelerator-hour quota or budget wait (their jobs stay queued).
    private async Task<Dictionary<string, string>> OverBudgetTenantsAsync(List<JobRow> waiting, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>();
        var tenants = waiting.Select(j => j.Tenant).Distinct().ToArray();
        var limited = new List<Store.Entities.TenantRow>();
        foreach (string id in tenants)
            if (await _access.TenantAsync(id, cancellationToken) is { } t && (t.QuotaAcceleratorHours is not null || t.BudgetYuan is not null))
                limited.Add(t);
        if (limited.Count == 0) return result;
        var period = Usage.PeriodStart(_time.GetUtcNow());
        var totals = (await _jobs.TotalsAsync(JobViews.Ms(period), cancellationToken)).ToDictionary(t => t.Tenant);
        foreach (var tenant in limited)
        {
            var used = totals.GetValueOrDefault(tenant.Id);
            if (tenant.QuotaAcceleratorHours is { } quota && (used?.AcceleratorHours ?? 0) >= quota)
                result[tenant.Id] = $"waiting: tenant {tenant.Id} has used its {quota:0.##} accelerator-hours for this month";
            else if (tenant.BudgetYuan is { } budget && (used?.CostYuan ?? 0) >= budget)
                result[tenant.Id] = $"waiting: tenant {tenant.Id} has spent its ¥{budget:0.##} budget for this month";
        }
        return result;
    }

    // ---------------------------------------------------------------- dispatch

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        long nowMs = JobViews.Ms(_time.GetUtcNow());
        foreach (var (id, finished) in _dispatching.Where(d => d.Value.IsCompleted).ToArray())
        {
            _dispatching.Remove(id);
            await finished; // surfaces an unexpected failure of a finished hand-over into this cycle's error handling
        }
        // Hand-overs done but not yet recorded still read as Placed: record them first, or they would be handed over again.
        await RecordHandOversAsync(cancellationToken);
        var placed = (await _jobs.InStateAsync(JobState.Placed, cancellationToken))
            .Where(j => (j.PlannedDispatchAtMs ?? 0) <= nowMs + (long)_options.Tick.TotalMilliseconds && !_dispatching.ContainsKey(j.CenterId!))
            .ToArray();
        // Each center's jobs in order, centers at once; a center still busy with an earlier hand-over is skipped.
        // The requests are made here, on the loop, in full (batch scripts included), each body read once.
        var requests = await HandOverRequestsAsync(placed, cancellationToken);
        foreach (var group in placed.Where(j => requests.ContainsKey(j.Id)).GroupBy(j => j.CenterId!))
            _dispatching[group.Key] = Background(DispatchToCenterAsync(group.Key,
                [.. group.Select(j => (j, new DispatchRequest(j.Id, j.Attempt, j.DispatchToken!, j.PoolId!, j.Tenant, requests[j.Id])))], cancellationToken));
        await WaitAtMostAsync(_dispatching.Values, cancellationToken);
        await RecordHandOversAsync(cancellationToken);
    }

    // The full requests of jobs about to be handed over: their bodies with the spec text (what a batch script runs),
    // each read once and kept while placed jobs need it (a center that refuses hand-overs for a while costs no re-reads).
    private async Task<Dictionary<string, JobRequest>> HandOverRequestsAsync(IReadOnlyList<JobRow> jobs, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, JobRequest>(jobs.Count);
        var needed = jobs.Select(j => j.BodyId).ToHashSet();
        foreach (var id in _fullShared.Keys.Where(id => !needed.Contains(id)).ToArray()) _fullShared.Remove(id);
        if (jobs.Count == 0) return result;
        var missing = needed.Where(id => !_fullShared.ContainsKey(id)).ToArray();
        foreach (var (id, body) in missing.Length == 0 ? new Dictionary<string, JobBodyRow>() : await _jobs.BodiesAsync(missing, cancellationToken))
        {
            try
            {
                _fullShared[id] = JobBodies.Shared(body.RequestJson, body.SpecText);
            }
            catch (JsonException e)
            {
                LogUnreadable(_logger, id, e.Message);
            }
        }
        foreach (var job in jobs)
            if (_fullShared.TryGetValue(job.BodyId, out var shared))
                result[job.Id] = JobBodies.RequestOf(shared, job.ArrayIndex);
        return result;
    }

    private readonly Dictionary<string, JobRequest> _fullShared = new();

    /// <summary>What became of handing one job to its center: the run's status, or why the center refused it.</summary>
    private sealed record HandOver(string CenterId, JobRow Job, string DispatchToken, RunStatus? Status, string? Refusal);

    // Hands a center's due jobs over in order; returns how many it took. Only the engine is called here: what
    // happened is queued for the loop to record, as the store's writes are the loop's alone (SQLite has one
    // writer; more would wait on each other's locks).
    private async Task<int> DispatchToCenterAsync(string centerId, (JobRow Job, DispatchRequest Request)[] jobs, CancellationToken cancellationToken)
    {
        int handed = 0;
        foreach (var (job, dispatch) in jobs)
        {
            try
            {
                Failpoints.Hit(Failpoints.BeforeSubmit);
                var status = await _engines.CallAsync(centerId, (e, ct) => e.SubmitAsync(dispatch, ct), cancellationToken);
                Failpoints.Hit(Failpoints.AfterSubmit);
                _metrics.DispatchLatency.Observe(Math.Max(0, (_time.GetUtcNow() - JobViews.Time(job.UpdatedAtMs)).TotalSeconds));
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
                // center's jobs wait for a later cycle rather than each costing a timeout now.
                break;
            }
            // Recorded in chunks (tracking follows a run only once it is recorded Dispatched): wake the loop.
            if (_handedOver.Count >= DispatchChunk) Wake();
        }
        return handed;
    }

    private const int DispatchChunk = 32;

    // Records the hand-overs done since the last cycle in one transaction.
    private async Task RecordHandOversAsync(CancellationToken cancellationToken)
    {
        var done = new List<HandOver>();
        while (_handedOver.TryDequeue(out var handOver)) done.Add(handOver);
        if (done.Count == 0) return;
        var requests = done.Select(h => h.Status is { } status
            ? new TransitionRequest(h.Job.Id, h.Job.Version, JobState.Dispatched,
                $"handed to {h.CenterId} ({h.Job.PoolId}) as {h.DispatchToken}" + (status.EngineJobId is { } id ? $" (engine id {id})" : ""),
                new DispatchFacts(JobViews.Ms(status.SubmittedAt)))
            : new TransitionRequest(h.Job.Id, h.Job.Version, JobState.Failed, $"center {h.CenterId} refused the run: {h.Refusal}")).ToArray();
        var notApplied = await CommitAsync([.. done.Select((h, i) => (h.Job.State, requests[i]))], cancellationToken);
        if (notApplied.Count == 0) return;
        var now = (await _jobs.GetManyAsync([.. notApplied], cancellationToken)).ToDictionary(j => j.Id);
        foreach (var h in done.Where(h => h.Status is not null && notApplied.Contains(h.Job.Id)))
        {
            if (now.TryGetValue(h.Job.Id, out var job) && job.DispatchToken == h.DispatchToken && JobLifecycle.IsAtCenter(job.State))
                continue; // recorded already (e.g. by an earlier hand-over of the same run): the run is the job's own
            // The job moved meanwhile (cancelled by its owner, or its placement undone): the run just started must
            // not live on. Asked in the background; the orphan sweep ends it anyway if this fails.
            _ = Task.Run(async () =>
            {
                try { await _engines.CallAsync(h.CenterId, (e, ct) => e.CancelAsync(h.DispatchToken, ct), cancellationToken); }
                catch (Exception e) when (e is EngineUnavailableException or OperationCanceledException) { }
            }, CancellationToken.None);
        }
    }

    // ---------------------------------------------------------------- helpers

    // Commits moves in one transaction; each applied one counts, and frees capacity when it ends or undoes a run.
    // Returns the jobs whose move was not applied (they had moved meanwhile).
    private async Task<HashSet<string>> CommitAsync(IReadOnlyList<(JobState From, TransitionRequest Request)> moves, CancellationToken cancellationToken)
    {
        var notApplied = new HashSet<string>();
        if (moves.Count == 0) return notApplied;
        var results = await _jobs.TransitionManyAsync([.. moves.Select(m => m.Request)], JobViews.Ms(_time.GetUtcNow()), cancellationToken);
        for (int i = 0; i < results.Count; i++)
        {
            var (request, status) = results[i];
            var from = moves[i].From;
            if (status == TransitionStatus.Illegal) LogIllegal(_logger, request.JobId, from.ToString(), request.To.ToString());
            if (status != TransitionStatus.Applied)
            {
                notApplied.Add(request.JobId);
                continue;
            }
            if (FreesCapacity(request.To)) CapacityChanged();
            if (JobLifecycle.IsFinal(request.To)) _gate.Ended(request.JobId);
            _metrics.Transitions.WithLabels(request.To.ToString()).Inc();
            LogTransition(_logger, request.JobId, from.ToString(), request.To.ToString(), request.Reason);
        }
        return notApplied;
    }

    // What frees capacity, or a tenant's place under the hand-over limit (a run that starts): waiting jobs are tried again.
    private static bool FreesCapacity(JobState to) =>
        JobLifecycle.IsFinal(to) || to is JobState.Lost or JobState.Queued or JobState.Requeued or JobState.Unknown or JobState.Running;

    private async Task<JobRow?> MoveAsync(JobRow job, JobState to, string reason, CancellationToken cancellationToken, TransitionFacts? facts = null)
    {
        var (status, row) = await _jobs.TransitionAsync(new TransitionRequest(job.Id, job.Version, to, reason, facts), JobViews.Ms(_time.GetUtcNow()), cancellationToken);
        if (status == TransitionStatus.Illegal) LogIllegal(_logger, job.Id, job.State.ToString(), to.ToString());
        if (status != TransitionStatus.Applied) return null;
        if (FreesCapacity(to)) CapacityChanged();
        if (JobLifecycle.IsFinal(to)) _gate.Ended(job.Id);
        _metrics.Transitions.WithLabels(to.ToString()).Inc();
        LogTransition(_logger, job.Id, job.State.ToString(), to.ToString(), reason);
        return row;
    }

    // The requests of the jobs this cycle may place: each body read and parsed once (an array's elements share
    // one), each job's request made from it and kept while the job is in the window.
    private async Task LoadRequestsAsync(IReadOnlyList<JobRow> waiting, CancellationToken cancellationToken)
    {
        var missing = waiting.Where(j => !_requests.ContainsKey(j.Id)).ToArray();
        if (missing.Length == 0) return;
        var bodies = missing.Select(j => j.BodyId).Where(id => !_shared.ContainsKey(id)).Distinct().ToArray();
        foreach (var (id, json) in await _jobs.RequestTemplatesAsync(bodies, cancellationToken))
        {
            try
            {
                _shared[id] = JobBodies.Shared(json);
                _unreadable.Remove(id);
            }
            catch (JsonException e)
            {
                // One unreadable body fails its own jobs (PlaceAsync), not the cycle.
                _unreadable[id] = e.Message;
                LogUnreadable(_logger, id, e.Message);
            }
        }
        foreach (var job in missing)
            if (_shared.TryGetValue(job.BodyId, out var shared))
                _requests[job.Id] = JobBodies.RequestOf(shared, job.ArrayIndex);
    }

    private readonly Dictionary<string, string> _unreadable = new();

    private JobRequest RequestOf(JobRow job) =>
        _requests.TryGetValue(job.Id, out var request) ? request
            : throw new InvalidOperationException($"job {job.Id}: its request was not loaded this cycle");

    // Keeps what the cycle needs and drops the rest, so memory follows the window, not the queue.
    private void ForgetOthers(IReadOnlyList<JobRow> waiting)
    {
        if (_requests.Count <= waiting.Count + 1024 && _shared.Count <= 1024) return;
        var keep = waiting.Select(j => j.Id).ToHashSet();
        var bodies = waiting.Select(j => j.BodyId).ToHashSet();
        foreach (var id in _requests.Keys.Where(id => !keep.Contains(id)).ToArray()) _requests.Remove(id);
        foreach (var id in _unplaceableAt.Keys.Where(id => !keep.Contains(id)).ToArray()) _unplaceableAt.Remove(id);
        foreach (var id in _shared.Keys.Where(id => !bodies.Contains(id)).ToArray()) _shared.Remove(id);
        foreach (var id in _unreadable.Keys.Where(id => !bodies.Contains(id)).ToArray()) _unreadable.Remove(id);
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

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Job {JobId}: {From} -> {To} ({Reason})")]
    private static partial void LogTransition(ILogger logger, string jobId, string from, string to, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Job {JobId}: the scheduler asked for {From} -> {To}, which the lifecycle forbids")]
    private static partial void LogIllegal(ILogger logger, string jobId, string from, string to);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Dependencies: {Released} held jobs released, {Failed} failed (more to do: {MoreToDo})")]
    private static partial void LogDependencies(ILogger logger, int released, int failed, bool moreToDo);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "Scheduling step {Step} failed ({ErrorType}): {Error}; the cycle goes on")]
    private static partial void LogStepFailed(ILogger logger, string step, string errorType, string error);

    [LoggerMessage(EventId = 306, Level = LogLevel.Error, Message = "Committing tenant {Tenant}'s decisions failed ({ErrorType}): {Error}; other tenants' were committed")]
    private static partial void LogTenantCommitFailed(ILogger logger, string tenant, string errorType, string error);

    [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "The stored request of body {BodyId} cannot be read: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string bodyId, string error);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Cancelled extra run {DispatchToken} at {CenterId}: no live attempt owns it")]
    private static partial void LogOrphanCancelled(ILogger logger, string centerId, string dispatchToken);
}
