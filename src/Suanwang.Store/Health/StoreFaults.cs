using Microsoft.Data.Sqlite;
using Npgsql;
using Suanwang.Store.Connection;

namespace Suanwang.Store.Health;

/// <summary>
/// Tells a store that cannot commit (disk full, read-only, I/O error, locked or silent past the timeout,
/// unreachable) from any other error, and says which in words a person can act on. The broker answers
/// these with 503 "store unavailable" and reports itself not ready.
/// </summary>
public static class StoreFaults
{
    /// <summary>True when <paramref name="error"/> (or what it wraps) is SQLite's "attempt to write a readonly database".</summary>
    public static bool IsSqliteReadOnly(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is SqliteException { SqliteErrorCode: var code } && (code & 0xff) == 8) return true;
        return false;
    }

    /// <summary>Why the store failed, or null when <paramref name="error"/> (or what it wraps) is no store fault.</summary>
    public static string? Describe(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xff) switch
                    {
                        13 => "the store's disk is full",
                        10 => "the store's files cannot be written or read (I/O error)",
                        8 => "the store's files are read-only",
                        14 => "the store's file cannot be opened",
                        3 or 23 => "no permission to write the store's files",
                        5 or 6 => $"the store stayed locked for more than {StoreLocation.TimeoutSeconds} s",
                        11 or 26 => "the store's file is damaged",
                        _ => null,
                    };
                case PostgresException postgres:
                    return postgres.SqlState switch
                    {
                        "53100" => "the PostgreSQL server's disk is full",
                        "58030" => "the PostgreSQL server cannot write its files (I/O error)",
                        "25006" => "the PostgreSQL server is read-only",
                        "57014" => $"PostgreSQL did not answer within {StoreLocation.TimeoutSeconds} s",
                        var s when s.StartsWith("08", StringComparison.Ordinal) || s.StartsWith("57P", StringComparison.Ordinal) || s.StartsWith("53", StringComparison.Ordinal)
                            => $"the PostgreSQL server is unavailable ({postgres.SqlState})",
                        _ => null,
                    };
                case NpgsqlException npgsql:
                    return $"cannot reach the PostgreSQL server: {npgsql.Message}";
                case TimeoutException:
                    return $"the store did not answer within {StoreLocation.TimeoutSeconds} s";
            }
        }
        return null;
    }
}
