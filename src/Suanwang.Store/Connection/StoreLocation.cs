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
/// Where the store lives, parsed from what a user types: <c>postgres://user:password@host:port/db</c>
/// (or <c>postgresql://…</c>, or an Npgsql connection string starting <c>Host=</c>), <c>sqlite:PATH</c>,
/// or a plain file path (SQLite).
/// </summary>
/// <param name="Provider">SQLite or PostgreSQL.</param>
/// <param name="ConnectionString">The provider's connection string.</param>
/// <param name="Display">The location with any password masked, for logs and messages.</param>
public sealed record StoreLocation(StoreProvider Provider, string ConnectionString, string Display)
{
    /// <summary>SQLite in <paramref name="path"/>.</summary>
    public static StoreLocation Sqlite(string path)
    {
        string full = Path.GetFullPath(path);
        // Pooling keeps connections (and their per-connection pragmas) open between commands.
        return new(StoreProvider.Sqlite, $"Data Source={full};Pooling=True;Default Timeout=30", $"sqlite:{full}");
    }

    /// <summary>Parses a store location; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static StoreLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim();
        if (value.Length == 0) throw new FormatException("the store location is empty; give postgres://user:password@host:port/database or a SQLite file path");
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return FromPostgresUrl(value);
        if (value.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            return new(StoreProvider.Postgres, builder.ConnectionString, Mask(builder));
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
        return new(StoreProvider.Postgres, builder.ConnectionString, Mask(builder));
    }

    private static string Mask(NpgsqlConnectionStringBuilder builder) =>
        $"postgres://{builder.Username}{(string.IsNullOrEmpty(builder.Password) ? "" : ":***")}@{builder.Host}:{builder.Port}/{builder.Database}";
}
