using Suanwang.Engines;

namespace Suanwang.Broker.Tests.Scheduling.Harness;

/// <summary>
/// A center's engine that runs nothing: it records what the broker asks (hand-overs, cancels) and holds runs the
/// test moves (<see cref="Start"/>, <see cref="Succeed"/>, <see cref="Fail"/>, <see cref="Lose"/>, <see cref="Forget"/>).
/// Like a real engine it is idempotent by dispatch token. <see cref="Unreachable"/> makes every call fail as an
/// unreachable center does; <see cref="RefuseWith"/> makes it refuse hand-overs; <see cref="HoldSubmissions"/> keeps
/// hand-overs waiting until <see cref="ReleaseSubmissions"/>.
/// </summary>
public sealed class FakeEngine(string centerId, TimeProvider time) : ICenterEngine
{
    private readonly object _gate = new();
    private readonly Dictionary<string, RunStatus> _runs = new(StringComparer.Ordinal);
    private readonly List<DispatchRequest> _submissions = [];
    private readonly List<string> _cancels = [];
    private TaskCompletionSource? _held;
    private int _nextEngineId = 100;

    /// <inheritdoc />
    public string CenterId => centerId;

    /// <summary>While true, every call throws <see cref="EngineUnavailableException"/>.</summary>
    public bool Unreachable { get; set; }

    /// <summary>While set, hand-overs are refused with this message (<see cref="EngineRejectedException"/>).</summary>
    public string? RefuseWith { get; set; }

    /// <summary>What the engine reports per pool beyond the broker's runs (a shared center); null for none.</summary>
    public IReadOnlyList<PoolLoad>? Pools { get; set; }

    /// <summary>Every hand-over that reached the engine, repeats included, in order.</summary>
    public IReadOnlyList<DispatchRequest> Submissions { get { lock (_gate) return [.. _submissions]; } }

    /// <summary>Every token the broker asked to cancel, in order.</summary>
    public IReadOnlyList<string> Cancels { get { lock (_gate) return [.. _cancels]; } }

    /// <summary>The runs the engine holds.</summary>
    public IReadOnlyList<RunStatus> Runs { get { lock (_gate) return [.. _runs.Values]; } }

    /// <summary>The run of <paramref name="jobId"/>'s <paramref name="attempt"/>, or null.</summary>
    public RunStatus? RunOf(string jobId, int attempt = 1)
    {
        lock (_gate) return _runs.GetValueOrDefault(DispatchTokens.For(jobId, attempt));
    }

    /// <summary>Hand-overs wait (unanswered) from now until <see cref="ReleaseSubmissions"/>.</summary>
    public void HoldSubmissions()
    {
        lock (_gate) _held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Lets held hand-overs through.</summary>
    public void ReleaseSubmissions()
    {
        TaskCompletionSource? held;
        lock (_gate) (held, _held) = (_held, null);
        held?.SetResult();
    }

    /// <summary>The run starts.</summary>
    public void Start(string jobId, int attempt = 1) => Move(jobId, attempt, r => r with { State = RunState.Running, StartedAt = time.GetUtcNow() });

    /// <summary>The run exits 0.</summary>
    public void Succeed(string jobId, int attempt = 1) => End(jobId, attempt, RunState.Succeeded, 0, null);

    /// <summary>The run exits with <paramref name="exitCode"/>.</summary>
    public void Fail(string jobId, int exitCode = 1, string? message = null, int attempt = 1) => End(jobId, attempt, RunState.Failed, exitCode, message);

    /// <summary>The run's process is gone without an exit (the machine rebooted).</summary>
    public void Lose(string jobId, string message = "the node rebooted", int attempt = 1) => End(jobId, attempt, RunState.Lost, null, message);

    /// <summary>The engine forgets the run (its state was wiped).</summary>
    public void Forget(string jobId, int attempt = 1)
    {
        lock (_gate) _runs.Remove(DispatchTokens.For(jobId, attempt));
    }

    private void End(string jobId, int attempt, RunState state, int? exitCode, string? message) =>
        Move(jobId, attempt, r => r with { State = state, ExitCode = exitCode, Message = message, StartedAt = r.StartedAt ?? time.GetUtcNow(), EndedAt = time.GetUtcNow() });

    private void Move(string jobId, int attempt, Func<RunStatus, RunStatus> change)
    {
        string token = DispatchTokens.For(jobId, attempt);
        lock (_gate)
        {
            if (!_runs.TryGetValue(token, out var run)) throw new InvalidOperationException($"{centerId} holds no run {token}; it holds {string.Join(", ", _runs.Keys)}");
            _runs[token] = change(run);
        }
    }

    /// <inheritdoc />
    public async Task<RunStatus> SubmitAsync(DispatchRequest request, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        Task? held;
        lock (_gate)
        {
            _submissions.Add(request);
            held = _held?.Task;
        }
        if (held is not null) await held.WaitAsync(cancellationToken);
        if (RefuseWith is { } refusal) throw new EngineRejectedException(refusal);
        lock (_gate)
        {
            if (_runs.TryGetValue(request.DispatchToken, out var existing)) return existing;
            var run = new RunStatus(request.DispatchToken, RunState.Pending, null, time.GetUtcNow(), null, null, null, $"{_nextEngineId++}");
            _runs[request.DispatchToken] = run;
            return run;
        }
    }

    /// <inheritdoc />
    public Task<RunStatus?> FindAsync(string dispatchToken, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_gate) return Task.FromResult(_runs.GetValueOrDefault(dispatchToken));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunStatus>> ListAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        return Task.FromResult(Runs);
    }

    /// <inheritdoc />
    public Task<bool> CancelAsync(string dispatchToken, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_gate)
        {
            _cancels.Add(dispatchToken);
            if (!_runs.TryGetValue(dispatchToken, out var run) || run.IsFinished) return Task.FromResult(false);
            _runs[dispatchToken] = run with { State = RunState.Cancelled, EndedAt = time.GetUtcNow(), Message = "cancelled by the broker" };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<OutputChunk?> ReadOutputAsync(string dispatchToken, OutputStream stream, long offset, int maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult<OutputChunk?>(null);

    /// <inheritdoc />
    public Task<EngineReport> ReportAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        var runs = Runs;
        return Task.FromResult(new EngineReport(centerId, true, 1000, runs.Count(r => r.State == RunState.Running), runs.Count(r => r.State == RunState.Pending),
            1000, 0, 1000, 0, time.GetUtcNow(), Pools));
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable) throw new EngineUnavailableException($"center '{centerId}' does not answer (the test made it unreachable)");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
