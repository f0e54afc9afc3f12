using System.Globalization;
using System.Threading.RateLimiting;
using Suanwang.Broker.Auth;

namespace Suanwang.Broker.Limits;

/// <summary>
/// How many live streams (<c>GET /v1/live</c>) may be open: per caller (its tenant, or an admin token on its own)
/// and in total. Each stream holds a connection, and so a file descriptor, for as long as it is open: without
/// these limits one token could open streams until the process ran out of descriptors.
/// </summary>
public sealed class LiveStreamLimits : IDisposable
{
    /// <summary>What a refused stream is told to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    private readonly int _perCaller;
    private readonly int _total;
    private readonly PartitionedRateLimiter<string> _callers;
    private readonly ConcurrencyLimiter _all;

    /// <summary>Creates the limits.</summary>
    /// <param name="perCaller">Streams one tenant (or admin token) may hold.</param>
    /// <param name="total">Streams all callers together may hold.</param>
    public LiveStreamLimits(int perCaller, int total)
    {
        _perCaller = perCaller;
        _total = total;
        _callers = PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetConcurrencyLimiter(partition,
            _ => new ConcurrencyLimiterOptions { PermitLimit = perCaller, QueueLimit = 0 }));
        _all = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = total, QueueLimit = 0 });
    }

    /// <summary>Streams open now, all callers together.</summary>
    public long Open => _total - (_all.GetStatistics()?.CurrentAvailablePermits ?? _total);

    /// <summary>Takes a slot for one stream of <paramref name="caller"/>; dispose it when the stream ends.</summary>
    /// <exception cref="LimitExceededException">The caller, or the broker, holds as many streams as it may.</exception>
    public IDisposable Take(Caller caller)
    {
        var mine = _callers.AttemptAcquire(LimitExceededException.PartitionOf(caller));
        if (!mine.IsAcquired)
        {
            mine.Dispose();
            throw new LimitExceededException("live-streams-per-tenant", _perCaller, "Limit reached",
                $"{LimitExceededException.Who(caller)} has {Streams(_perCaller)} open; its limit is {N(_perCaller)} (close one, such as a dashboard tab, first)", RetryAfter);
        }
        var all = _all.AttemptAcquire();
        if (!all.IsAcquired)
        {
            all.Dispose();
            mine.Dispose();
            throw new LimitExceededException("live-streams", _total, "Limit reached",
                $"the broker has {Streams(_total)} open; its limit is {N(_total)}", RetryAfter);
        }
        return new Slot(mine, all);
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Streams(int count) => $"{N(count)} live stream{(count == 1 ? "" : "s")}";

    /// <inheritdoc />
    public void Dispose()
    {
        _callers.Dispose();
        _all.Dispose();
    }

    private sealed class Slot(RateLimitLease mine, RateLimitLease all) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            all.Dispose();
            mine.Dispose();
        }
    }
}
