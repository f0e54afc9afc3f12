using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Suanwang.Store.Connection;

/// <summary>Builds the EF Core options for a store location and brings its schema up to date.</summary>
public static class StoreOpener
{
    /// <summary>Configures <paramref name="builder"/> for <paramref name="location"/> (durability settings included).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, StoreLocation location)
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
        return builder;
    }

    /// <summary>Options for <paramref name="location"/>.</summary>
    public static DbContextOptions<SuanwangDbContext> Options(StoreLocation location) =>
        (DbContextOptions<SuanwangDbContext>)Configure(new DbContextOptionsBuilder<SuanwangDbContext>(), location).Options;

    /// <summary>
    /// Creates the database if needed (SQLite: the file and its folder; it enables WAL) and applies
    /// pending migrations. Safe to call on every start.
    /// </summary>
    public static async Task MigrateAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        if (location.Provider == StoreProvider.Sqlite)
        {
            string? file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(location.ConnectionString).DataSource;
            if (Path.GetDirectoryName(file) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        }
        await using var context = new SuanwangDbContext(Options(location));
        await context.Database.MigrateAsync(cancellationToken);
        if (location.Provider == StoreProvider.Sqlite)
            // WAL is a property of the database file: set once, it stays.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>Sets SQLite's durability on every connection the pool opens: synchronous=FULL fsyncs the WAL on every commit.</summary>
    private sealed class SqliteDurability : DbConnectionInterceptor
    {
        public static readonly SqliteDurability Instance = new();

        private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

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
