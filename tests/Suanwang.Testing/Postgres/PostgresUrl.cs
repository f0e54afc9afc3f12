using Suanwang.Store.Connection;

namespace Suanwang.Testing.Postgres;

/// <summary>
/// Converts between the <c>postgres://user:password@host:port/database?option=value</c> URLs the
/// broker's <c>--store</c> flag takes and Npgsql connection strings.
/// </summary>
public static class PostgresUrl
{
    /// <summary>
    /// The Npgsql connection string for <paramref name="url"/> (<c>postgres://</c> or <c>postgresql://</c>).
    /// User and password are percent-decoded; the port defaults to 5432; query options are Npgsql
    /// keywords (<c>sslmode</c>, <c>Timeout</c>, …) plus libpq's <c>connect_timeout</c> and <c>application_name</c>.
    /// </summary>
    /// <exception cref="FormatException">The URL is not a PostgreSQL URL or has an option Npgsql does not know.</exception>
    public static string ToConnectionString(string url)
    {
        Parse(url);
        return StoreLocation.Parse(url).ConnectionString;
    }

    /// <summary>The database a URL names (<c>suanwang</c> when it names none).</summary>
    public static string DatabaseOf(string url) => Database(Parse(url));

    /// <summary><paramref name="url"/> with its database replaced by <paramref name="database"/>; user, password, host, port and options are kept.</summary>
    public static string WithDatabase(string url, string database)
    {
        Uri uri = Parse(url);
        return uri.GetLeftPart(UriPartial.Authority) + "/" + Uri.EscapeDataString(database) + uri.Query;
    }

    private static string Database(Uri uri) =>
        Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : "suanwang";

    private static Uri Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri)
            || (uri.Scheme != "postgres" && uri.Scheme != "postgresql")
            || string.IsNullOrEmpty(uri.Host))
            throw new FormatException("not a PostgreSQL URL; expected postgres://user:password@host:port/database");
        return uri;
    }
}
