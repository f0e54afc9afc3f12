using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Suanwang.Broker.Network;
using Suanwang.Engines;
using Suanwang.Model.Network;
using Suanwang.Networks.Format;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Broker.Engines;

/// <summary>What the broker knows about a center's engine right now.</summary>
/// <param name="CenterId">Center.</param>
/// <param name="HasEngine">False when the center's engine could not be opened, or no registered engine has its backend's name (it takes no work).</param>
/// <param name="Reachable">Whether the last call reached it.</param>
/// <param name="UnreachableSince">When it stopped answering (null while reachable).</param>
/// <param name="ConsecutiveFailures">Failed calls in a row.</param>
/// <param name="LastError">The last failure, in words.</param>
/// <param name="LastReport">The last capacity report.</param>
/// <param name="LastFailureAt">When the last call failed.</param>
public sealed record CenterHealth(
    string CenterId,
    bool HasEngine,
    bool Reachable,
    DateTimeOffset? UnreachableSince,
    int ConsecutiveFailures,
    string? LastError,
    EngineReport? LastReport,
    DateTimeOffset? LastFailureAt = null)
{
    /// <summary>
    /// Whether the center takes new work, as placement and the API both see it: no engine or unreachable is Down,
    /// drained by an operator is Draining, reachable after recent failures is Degraded.
    /// </summary>
    public CenterAvailability AvailabilityWhen(bool drained) =>
        !HasEngine || !Reachable ? CenterAvailability.Down
        : drained ? CenterAvailability.Draining
        : ConsecutiveFailures > 0 ? CenterAvailability.Degraded
        : CenterAvailability.Up;
}

/// <summary>
/// One engine per center of the current network, built by the registered engine (<see cref="ICenterEngineFactory"/>)
/// whose name is the center's backend, and each center's health. Every call goes through <see cref="CallAsync{T}"/>, which bounds it by a
/// timeout and records success or failure, so a slow or failing center cannot stall the broker and
/// its state shows up in placement (Down) and in the API.
/// </summary>
public sealed partial class EngineRegistry : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, ICenterEngineFactory> _factories;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ICenterEngine> _engines = new();
    private readonly ConcurrentDictionary<string, CenterHealth> _health = new();
    private readonly SemaphoreSlim _rebuildGate = new(1, 1);

    /// <summary>Failures in a row after which calls fail fast for a while.</summary>
    private const int BreakAfterFailures = 3;

    // 1 s after the third failure, doubling, at most 15 s: a center that returns is noticed quickly.
    private static TimeSpan BackOff(int failures) => TimeSpan.FromSeconds(Math.Min(15, Math.Pow(2, failures - BreakAfterFailures)));

    /// <summary>A registry using <paramref name="factories"/>, the registered engines.</summary>
    /// <exception cref="InvalidOperationException">Two engines have one name, or a name is not an engine name.</exception>
    public EngineRegistry(IEnumerable<ICenterEngineFactory> factories, TimeProvider time, TimeSpan timeout, ILogger<EngineRegistry> logger)
    {
        var byName = new Dictionary<string, ICenterEngineFactory>(StringComparer.Ordinal);
        foreach (var factory in factories)
        {
            if (!EngineNames.IsValid(factory.Name))
                throw new InvalidOperationException($"engine '{factory.Name}' ({factory.GetType().Name}) is not an engine name: {EngineNames.Rule}");
            if (!byName.TryAdd(factory.Name, factory))
                throw new InvalidOperationException($"two engines are registered as '{factory.Name}' ({byName[factory.Name].GetType().Name}, {factory.GetType().Name})");
        }
        _factories = byName;
        Names = [.. byName.Keys.Order(StringComparer.Ordinal)];
        _time = time;
        _timeout = timeout;
        _logger = logger;
    }

    /// <summary>
    /// Creates engines for new centers and closes those of removed or changed centers (closing an engine
    /// leaves its runs running; a changed center's new engine picks them up again).
    /// </summary>
    public async Task ApplyAsync(NetworkRevision revision)
    {
        await _rebuildGate.WaitAsync();
        try
        {
            var centers = revision.Definition.Centers.ToDictionary(c => c.Id);
            foreach (var id in _definitions.Keys.ToArray())
            {
                if (centers.TryGetValue(id, out var center) && center == _definitions[id]) continue;
                _definitions.Remove(id);
                _health.TryRemove(id, out _);
                if (_engines.TryRemove(id, out var engine)) await engine.DisposeAsync();
            }
            foreach (var center in revision.Definition.Centers)
            {
                if (_definitions.ContainsKey(center.Id)) continue;
                _definitions[center.Id] = center;
                if (!_factories.TryGetValue(center.Backend, out var factory))
                {
                    // Only a stored network can get here (a new one naming an unknown engine is refused): the center
                    // stays down, saying why, and the rest of the network runs.
                    string error = UnknownEngine(center.Backend);
                    _health[center.Id] = new CenterHealth(center.Id, false, false, null, 0, error, null);
                    Log.EngineCreateFailed(_logger, center.Id, error);
                    continue;
                }
                try
                {
                    _engines[center.Id] = factory.Create(center);
                    _health[center.Id] = new CenterHealth(center.Id, true, true, null, 0, null, null);
                }
                catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    string error = EngineText.Bounded(e.Message.Split(" (Parameter")[0]);
                    _health[center.Id] = new CenterHealth(center.Id, false, false, _time.GetUtcNow(), 1, error, null);
                    Log.EngineCreateFailed(_logger, center.Id, error);
                }
            }
        }
        finally
        {
            _rebuildGate.Release();
        }
    }

    private readonly Dictionary<string, Center> _definitions = new();

    /// <summary>The center's health (a center without an engine is never reachable).</summary>
    public CenterHealth Health(string centerId) =>
        _health.TryGetValue(centerId, out var h) ? h : new CenterHealth(centerId, false, false, null, 0, "unknown center", null);

    /// <summary>The names of the registered engines, in order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether an engine is registered as <paramref name="name"/>.</summary>
    public bool Knows(string name) => _factories.ContainsKey(name);

    /// <summary>Why no engine serves <paramref name="name"/>: the engines there are, and the closest one to a typo.</summary>
    public string UnknownEngine(string name) =>
        $"no engine '{name}' in this broker; its engines are {string.Join(", ", Names)}{DidYouMean.Hint(name, Names)}";

    /// <summary>
    /// What is wrong with <paramref name="center"/>'s engine settings, as its engine judges them without creating
    /// anything; empty when no engine has its backend's name (<see cref="Knows"/> says that).
    /// </summary>
    public IReadOnlyList<EngineSettingError> Check(Center center) =>
        _factories.TryGetValue(center.Backend, out var factory) ? factory.Check(center) : [];

    /// <summary>True when the center has an engine.</summary>
    public bool Has(string centerId) => _engines.ContainsKey(centerId);

    /// <summary>
    /// Calls the center's engine with a timeout. Throws <see cref="EngineUnavailableException"/> when
    /// the center has no engine, the call times out or the engine is unreachable; the center's health
    /// records it. <see cref="EngineRejectedException"/> passes through (the engine answered).
    /// </summary>
    public async Task<T> CallAsync<T>(string centerId, Func<ICenterEngine, CancellationToken, Task<T>> call, CancellationToken cancellationToken,
        [CallerArgumentExpression(nameof(call))] string? what = null)
    {
        if (!_engines.TryGetValue(centerId, out var engine))
            throw new EngineUnavailableException(Health(centerId).LastError ?? $"center '{centerId}' has no engine");
        // Circuit breaker: after repeated failures, fail fast until a back-off has passed, so a center that
        // hangs does not cost every caller its full timeout; then one call probes it again.
        var health = Health(centerId);
        if (health.ConsecutiveFailures >= BreakAfterFailures && health.LastFailureAt is { } last
            && _time.GetUtcNow() - last < BackOff(health.ConsecutiveFailures))
            throw new EngineUnavailableException($"center '{centerId}' is failing ({health.LastError}); not asked again for {BackOff(health.ConsecutiveFailures).TotalSeconds:0} s");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            T result = await call(engine, timeout.Token);
            Succeeded(centerId, result as EngineReport);
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            string operation = OperationOf(what);
            Failed(centerId, $"no answer to {operation} within {_timeout.TotalSeconds:0.#} s");
            throw new EngineUnavailableException($"center '{centerId}' did not answer {operation} within {_timeout.TotalSeconds:0.#} s");
        }
        catch (EngineUnavailableException e)
        {
            Failed(centerId, e.Message);
            throw;
        }
    }

    // "e => e.SubmitAsync(dispatch, ct)" → "submit": which call timed out, for the operator.
    private static string OperationOf(string? expression) =>
        expression is not null && OperationName().Match(expression) is { Success: true } m ? m.Groups[1].Value.ToLowerInvariant() : "a call";

    [GeneratedRegex(@"\.(\w+?)Async\(")]
    private static partial Regex OperationName();

    private void Succeeded(string centerId, EngineReport? report) =>
        _health.AddOrUpdate(centerId,
            id => new CenterHealth(id, true, true, null, 0, null, report),
            (_, h) => h with { Reachable = true, UnreachableSince = null, ConsecutiveFailures = 0, LastError = null, LastReport = report ?? h.LastReport });

    private void Failed(string centerId, string error)
    {
        // Shown in the operations view and logged: escaped and bounded, whatever the engine passed on.
        error = EngineText.Bounded(error);
        var now = _time.GetUtcNow();
        var health = _health.AddOrUpdate(centerId,
            id => new CenterHealth(id, true, false, now, 1, error, null, now),
            (_, h) => h with { Reachable = false, UnreachableSince = h.UnreachableSince ?? now, ConsecutiveFailures = h.ConsecutiveFailures + 1, LastError = error, LastFailureAt = now });
        if (health.ConsecutiveFailures == 1) Log.CenterUnreachable(_logger, centerId, error);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines.Values) await engine.DisposeAsync();
        _engines.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Center {CenterId} has no engine: {Error}")]
        public static partial void EngineCreateFailed(ILogger logger, string centerId, string error);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Center {CenterId} is unreachable: {Error}")]
        public static partial void CenterUnreachable(ILogger logger, string centerId, string error);
    }
}
