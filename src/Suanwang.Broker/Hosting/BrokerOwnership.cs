namespace Suanwang.Broker.Hosting;

/// <summary>
/// What makes this broker the only one on its data folder and store: the data folder's lock, and on PostgreSQL
/// the database's advisory lock (see <see cref="PostgresBrokerLock"/>). SQLite needs no more: the store is
/// opened through SQLite's <c>unix-excl</c> VFS, whose lock no other process can share. The scheduler asks
/// <see cref="ConfirmAsync"/> before it acts; readiness shows <see cref="Lost"/>. It also holds the SQLite file's
/// registration with <see cref="Suanwang.Model.Files.StoreFileGuard"/>, so no other code path opens the store.
/// </summary>
public sealed class BrokerOwnership(DataFolderLock folder, PostgresBrokerLock? database, IDisposable? storeGuard) : IAsyncDisposable
{
    private int _disposed;

    /// <summary>Null while every lock is held; else why one is not.</summary>
    public string? Lost => database?.Lost;

    /// <summary>True when this broker may schedule and dispatch now.</summary>
    public Task<bool> ConfirmAsync(CancellationToken cancellationToken) =>
        database is null ? Task.FromResult(true) : database.ConfirmAsync(cancellationToken);

    /// <summary>Releases the locks.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (database is not null) await database.DisposeAsync();
        storeGuard?.Dispose();
        folder.Dispose();
    }
}
