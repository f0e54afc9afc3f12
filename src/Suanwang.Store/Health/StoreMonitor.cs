using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Suanwang.Store.Health;

/// <summary>
/// Remembers the last store fault (see <see cref="StoreFaults"/>) any store call met, whichever part of the
/// broker made it: readiness reports the store unavailable for a while after one, even when its own small
/// probe commit gets through (a full disk may still take a page, and not a batch of jobs).
/// </summary>
public sealed class StoreMonitor(TimeProvider time)
{
    private StoreFault? _last;

    /// <summary>The last fault met, or null.</summary>
    public StoreFault? LastFault => Volatile.Read(ref _last);

    /// <summary>Records <paramref name="error"/> when it is a store fault; returns its description (null otherwise).</summary>
    public string? Report(Exception error)
    {
        string? reason = StoreFaults.Describe(error);
        if (reason is not null) Volatile.Write(ref _last, new StoreFault(reason, time.GetUtcNow()));
        // SQLite opens a file it cannot write read-only without a word, and a pooled connection stays so after the
        // files are writable again: every write on it would fail on. Idle pooled connections are dropped (those in use
        // when they close), so the next one opens read-write.
        if (StoreFaults.IsSqliteReadOnly(error)) SqliteConnection.ClearAllPools();
        return reason;
    }

    /// <summary>An EF Core interceptor that reports every failed command, commit and connection to <see cref="Report"/>.</summary>
    public IInterceptor Interceptor => new FaultInterceptor(this);

    private sealed class FaultInterceptor(StoreMonitor monitor) : IDbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor
    {
        public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => monitor.Report(eventData.Exception);

        public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            monitor.Report(eventData.Exception);
            return Task.CompletedTask;
        }

        public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => monitor.Report(eventData.Exception);

        public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            monitor.Report(eventData.Exception);
            return Task.CompletedTask;
        }

        public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => monitor.Report(eventData.Exception);

        public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            monitor.Report(eventData.Exception);
            return Task.CompletedTask;
        }
    }
}

/// <summary>A store fault: what went wrong and when.</summary>
/// <param name="Reason">In words, e.g. "the store's disk is full".</param>
/// <param name="At">When it was met.</param>
public sealed record StoreFault(string Reason, DateTimeOffset At);
