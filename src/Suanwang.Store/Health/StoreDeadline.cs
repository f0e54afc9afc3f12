namespace Suanwang.Store.Health;

/// <summary>
/// A deadline on every store call made on behalf of a request, so a call stuck in the kernel (an fsync, or SQLite's
/// fchown of its log, on a frozen filesystem) turns into <see cref="StoreTimeoutException"/> — a 503 — after the limit
/// rather than a request that never answers. The call runs on a thread-pool thread (SQLite's "async" methods run
/// synchronously and would block the caller's thread inside the kernel) and owns its context from creation to
/// disposal, so giving up on it leaves nothing half-shared: it finishes, or fails, on its own once the filesystem
/// moves again.
/// <para>
/// The limit is ambient: the broker sets it for each HTTP request (<see cref="LimitCurrentFlow"/>). Its background
/// loops (the scheduler, the group-commit writer) set none: they wait as long as the store takes, and time out
/// only as the provider does (busy timeout, command timeout).
/// </para>
/// </summary>
public static class StoreDeadline
{
    private static readonly AsyncLocal<TimeSpan?> s_limit = new();

    /// <summary>Bounds every store call made from here on in the current async flow (e.g. one HTTP request) to <paramref name="limit"/>.</summary>
    public static void LimitCurrentFlow(TimeSpan limit) => s_limit.Value = limit;

    /// <summary>Runs <paramref name="work"/> under the current flow's limit, if any.</summary>
    public static Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (s_limit.Value is not { } limit) return work();
        return BoundAsync(work, limit, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> under the current flow's limit, if any.</summary>
    public static Task RunAsync(Func<Task> work, CancellationToken cancellationToken) =>
        RunAsync(async () => { await work(); return true; }, cancellationToken);

    private static async Task<T> BoundAsync<T>(Func<Task<T>> work, TimeSpan limit, CancellationToken cancellationToken)
    {
        var call = Task.Run(work, CancellationToken.None);
        try
        {
            return await call.WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException e)
        {
            // Observed later, so a call that fails after it was given up on is not an unobserved task exception.
            _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new StoreTimeoutException($"the store has not answered within {limit.TotalSeconds:0} s", e);
        }
    }
}

/// <summary>A store call did not answer within its deadline (see <see cref="StoreDeadline"/>); what it was doing may still complete.</summary>
public sealed class StoreTimeoutException(string message, Exception? inner = null) : TimeoutException(message, inner);
