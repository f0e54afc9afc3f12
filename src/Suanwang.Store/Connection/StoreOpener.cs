using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Suanwang.Store.Health;

namespace Suanwang.Store.Connection;

/// <summary>Builds the EF Core options for a store location and brings its schema up to date.</summary>
public static class StoreOpener
{
    /// <summary>
    /// Configures <paramref name="builder"/> for <paramref name="location"/> (durability settings included); with
    /// <paramref name="monitor"/>, every failed command, commit or connection is reported to it.
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, StoreLocation location, StoreMonitor? monitor = null)
    {
        switch (location.Provider)
        {
            case StoreProvider.Sqlite:
                builder.UseSqlite(location.ConnectionString).AddInterceptors(SqliteDurability.Instance);
                break;
            case StoreProvider.Postgres:
                builder.UseNpgsql(location.ConnectionString, o => o.EnableRetryOnFailure(0));
                break;
        }
        // The migrations are hand-written and provider-neutral, without a model snapshot: the model
        // and the migrated schema are kept equal by the store test kit, not by the snapshot diff.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        if (monitor is not null) builder.AddInterceptors(monitor.Interceptor);
        return builder;
    }

    /// <summary>Options for <paramref name="location"/>.</summary>
    public static DbContextOptions<SuanwangDbContext> Options(StoreLocation location, StoreMonitor? monitor = null) =>
        (DbContextOptions<SuanwangDbContext>)Configure(new DbContextOptionsBuilder<SuanwangDbContext>(), location, monitor).Options;

    /// <summary>
    /// Creates the database if needed (SQLite: the file and its folder; it enables WAL) and applies
    /// pending migrations. Safe to call on every start.
    /// </summary>
    public static async Task MigrateAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        if (location.FilePath is { } file && Path.GetDirectoryName(file) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        await using var context = new SuanwangDbContext(Options(location));
        await context.Database.MigrateAsync(cancellationToken);
        if (location.Provider == StoreProvider.Sqlite)
            // WAL is a property of the database file: set once, it stays.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>
    /// Commits one tiny write transaction and returns when it is durable: what proves the store can commit now
    /// (a read, or a transaction rolled back, would not touch the disk). SQLite: the database header's
    /// <c>user_version</c> set to the time in seconds — a page appended to the log and fsynced, the same path
    /// as every commit. PostgreSQL: a transaction given an id, whose commit record is flushed to the server's log.
    /// </summary>
    public static async Task ProbeCommitAsync(DbContextOptions<SuanwangDbContext> options, StoreProvider provider, long nowSeconds, CancellationToken cancellationToken)
    {
        await using var context = new SuanwangDbContext(options);
        if (provider == StoreProvider.Sqlite)
        {
            string sql = "PRAGMA user_version = " + (nowSeconds % int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Database.ExecuteSqlRawAsync(sql, cancellationToken);
            return;
        }
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await context.Database.ExecuteSqlRawAsync("SELECT pg_current_xact_id()", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Sets SQLite's durability on every connection the pool opens: synchronous=FULL fsyncs the WAL on every commit.</summary>
    private sealed class SqliteDurability : DbConnectionInterceptor
    {
        public static readonly SqliteDurability Instance = new();

        private static readonly string Pragmas =
            $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={StoreLocation.TimeoutSeconds * 1000}; PRAGMA foreign_keys=ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
