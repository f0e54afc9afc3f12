using Npgsql;

namespace Suanwang.Store.Connection;

/// <summary>Which database the broker uses.</summary>
public enum StoreProvider
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite,
    /// <summary>A PostgreSQL server.</summary>
    Postgres,
}

/// <summary>
/// Where the store lives, parsed from what a user types: <c>postgres://user@host:port/db</c>
/// (or <c>postgresql://…</c>, or an Npgsql connection string starting <c>Host=</c>), <c>sqlite:PATH</c>,
/// or a plain file path (SQLite). A PostgreSQL password may be in the URL, but is better left out of it:
/// Npgsql then takes it from <c>PGPASSWORD</c> or the password file (<c>PGPASSFILE</c>, else <c>~/.pgpass</c>).
/// </summary>
/// <param name="Provider">SQLite or PostgreSQL.</param>
/// <param name="ConnectionString">The provider's connection string.</param>
/// <param name="Display">The location with any password masked, for logs and messages.</param>
public sealed record StoreLocation(StoreProvider Provider, string ConnectionString, string Display)
{
    /// <summary>
    /// How long one store call may take before it is given up (seconds): SQLite's busy timeout and command
    /// timeout, PostgreSQL's command timeout unless the location sets its own. The broker answers 503 then.
    /// </summary>
    public const int TimeoutSeconds = 10;

    /// <summary>The SQLite file (full path); null for PostgreSQL.</summary>
    public string? FilePath { get; init; }

    /// <summary>Whether the PostgreSQL location carries its password itself (in the URL or connection string).</summary>
    public bool HasPassword { get; init; }

    /// <summary>
    /// SQLite in <paramref name="path"/>, opened through SQLite's <c>unix-excl</c> VFS: the broker's process holds
    /// an exclusive lock on the file for as long as it has it open, so no other process can read or write the store
    /// meanwhile (the store is the broker's alone), and the write-ahead log's index lives in the broker's memory
    /// rather than in a memory-mapped <c>-shm</c> file (a mapped file that turns unwritable — full, immutable —
    /// kills a process with SIGBUS; a write that fails is an error the broker answers with 503).
    /// </summary>
    public static StoreLocation Sqlite(string path)
    {
        string full = Path.GetFullPath(path);
        // Pooling keeps connections (and their per-connection pragmas) open between commands.
        return new(StoreProvider.Sqlite, $"Data Source={SqliteUri(full)};Pooling=True;Default Timeout={TimeoutSeconds}", $"sqlite:{full}") { FilePath = full };
    }

    // A SQLite URI filename for an absolute path: everything but unreserved characters and '/' percent-encoded.
    private static string SqliteUri(string fullPath)
    {
        var uri = new System.Text.StringBuilder("file://");
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(fullPath))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '.' or '_' or '~') uri.Append(c);
            else uri.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return uri.Append("?vfs=unix-excl").ToString();
    }

    /// <summary>Parses a store location; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static StoreLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim();
        if (value.Length == 0) throw new FormatException("the store location is empty; give postgres://user@host:port/database or a SQLite file path");
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return FromPostgresUrl(value);
        if (value.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            return Postgres(builder);
        }
        if (value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)) return Sqlite(value["sqlite:".Length..]);
        if (value.Contains("://", StringComparison.Ordinal))
            throw new FormatException($"unknown store scheme in '{value.Split("://")[0]}://…'; use postgres://… or a SQLite file path");
        return Sqlite(value);
    }

    private static StoreLocation FromPostgresUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new FormatException("the PostgreSQL URL is not valid; expected postgres://user:password@host:port/database");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "suanwang",
        };
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            // libpq's names for the two options people most often put in a URL, then Npgsql's keywords.
            string key = Uri.UnescapeDataString(kv[0]) switch
            {
                var k when k.Equals("connect_timeout", StringComparison.OrdinalIgnoreCase) => "Timeout",
                var k when k.Equals("application_name", StringComparison.OrdinalIgnoreCase) => "Application Name",
                var k => k,
            };
            string val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try { builder[key] = val; }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException or FormatException)
            {
                throw new FormatException($"the PostgreSQL URL's option '{key}' is not understood: {e.Message}");
            }
        }
        return Postgres(builder);
    }

    // Store calls time out like SQLite's unless the location says otherwise (Npgsql's default is 30 s).
    private static StoreLocation Postgres(NpgsqlConnectionStringBuilder builder)
    {
        if (builder.CommandTimeout == 30) builder.CommandTimeout = TimeoutSeconds; // 30 is Npgsql's default: not chosen
        return new(StoreProvider.Postgres, builder.ConnectionString, Mask(builder)) { HasPassword = !string.IsNullOrEmpty(builder.Password) };
    }

    private static string Mask(NpgsqlConnectionStringBuilder builder) =>
        $"postgres://{builder.Username}{(string.IsNullOrEmpty(builder.Password) ? "" : ":***")}@{builder.Host}:{builder.Port}/{builder.Database}";
}
