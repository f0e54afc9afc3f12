using Microsoft.EntityFrameworkCore;
using Suanwang.Store;
using Suanwang.Store.Connection;
using Suanwang.Store.Health;

namespace Suanwang.Broker.Hosting;

/// <summary>
/// Whether the store can commit now, for <c>/readyz</c>. A real commit proves it (<see cref="StoreOpener.ProbeCommitAsync"/>),
/// made at most every <see cref="ProbeInterval"/> and shared by the requests that come meanwhile. A probe that has
/// not answered within <see cref="StoreLocation.TimeoutSeconds"/> (an fsync stuck on a frozen filesystem) makes the
/// answer "not ready" rather than a request that hangs; the probe goes on in the background and the first that
/// returns clears it. A store fault met by any other store call (disk full, read-only, I/O error) keeps the broker
/// "not ready" for <see cref="FaultHold"/> after it, even when the probe's one page still fits.
/// </summary>
public sealed class StoreHealth(DbContextOptions<SuanwangDbContext> options, BrokerOptions broker, StoreMonitor monitor, TimeProvider time)
{
    /// <summary>Shortest time between two probe commits.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long a store fault met by any call keeps the broker "not ready".</summary>
    public static readonly TimeSpan FaultHold = TimeSpan.FromSeconds(10);

    private readonly object _sync = new();
    private Task<string?>? _probe;
    private DateTimeOffset _probeStarted;

    /// <summary>Null when the store committed recently and met no fault since <see cref="FaultHold"/>; else why not.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (monitor.LastFault is { } fault && now - fault.At < FaultHold)
            return $"store unavailable: {fault.Reason} ({(now - fault.At).TotalSeconds:0} s ago)";
        Task<string?> probe;
        DateTimeOffset started;
        lock (_sync)
        {
            if (_probe is null || (_probe.IsCompleted && now - _probeStarted >= ProbeInterval))
            {
                _probeStarted = now;
                // Task.Run: SQLite's "async" calls run synchronously, and a stuck fsync must not hold this request.
                _probe = Task.Run(() => ProbeAsync(now));
            }
            probe = _probe;
            started = _probeStarted;
        }
        var timeout = TimeSpan.FromSeconds(StoreLocation.TimeoutSeconds) - (now - started);
        try
        {
            return await probe.WaitAsync(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return $"store unavailable: a commit has not returned for {(time.GetUtcNow() - started).TotalSeconds:0} s";
        }
    }

    private async Task<string?> ProbeAsync(DateTimeOffset now)
    {
        try
        {
            await StoreOpener.ProbeCommitAsync(options, broker.Store.Provider, now.ToUnixTimeSeconds(), CancellationToken.None);
            return null;
        }
        catch (Exception e)
        {
            return "store unavailable: " + (monitor.Report(e) ?? e.Message);
        }
    }
}
