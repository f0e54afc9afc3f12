using Npgsql;
using Xunit.Abstractions;
using Suanwang.Testing.Postgres;

namespace Suanwang.Infrastructure.Tests;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

[Collection("postgres")]
public class PostgresServerTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static async Task<string> ScalarAsync(string url, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ToConnectionString(url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    [Fact]
    public async Task Each_database_is_new_and_reachable_by_its_url()
    {
        string first = await postgres.CreateDatabaseAsync("smoke");
        string second = await postgres.CreateDatabaseAsync("smoke");

        Assert.NotEqual(first, second);
        Assert.StartsWith("postgres://", first, StringComparison.Ordinal);
        Assert.Equal(PostgresUrl.DatabaseOf(first), await ScalarAsync(first, "SELECT current_database()"));
        Assert.Equal(PostgresUrl.DatabaseOf(second), await ScalarAsync(second, "SELECT current_database()"));
        Assert.Equal("0", await ScalarAsync(second, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        // Writes in one database are invisible in the other.
        await ScalarAsync(first, "CREATE TABLE marker (id int)");
        Assert.Equal("1", await ScalarAsync(first, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
        Assert.Equal("0", await ScalarAsync(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
    }

    [Fact]
    public async Task The_server_keeps_durability_settings_and_listens_on_loopback_only()
    {
        string url = await postgres.CreateDatabaseAsync("settings");
        output.WriteLine($"server: {(postgres.Server.IsPrivate ? "private" : "SUANWANG_POSTGRES_URL")}, install + start took {postgres.Server.StartTime.TotalSeconds:0.00} s");

        Assert.Equal("on", await ScalarAsync(url, "SHOW fsync"));
        Assert.Equal("on", await ScalarAsync(url, "SHOW synchronous_commit"));
        Assert.Equal("on", await ScalarAsync(url, "SHOW full_page_writes"));
        if (postgres.Server.IsPrivate)
        {
            Assert.Equal("127.0.0.1", await ScalarAsync(url, "SHOW listen_addresses"));
            Assert.Equal("127.0.0.1", new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString).Host);
        }
    }
}

// No server needed: kept out of the "postgres" collection so it runs even when the server cannot start.
public class PostgresUrlTests
{
    [Fact]
    public void Urls_become_npgsql_connection_strings()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            PostgresUrl.ToConnectionString("postgresql://app%40x:p%3Ass%2Fw@db.example:6543/jobs%2Dq?sslmode=require&application_name=broker&connect_timeout=7"));
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("jobs-q", builder.Database);
        Assert.Equal("app@x", builder.Username);
        Assert.Equal("p:ss/w", builder.Password);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("broker", builder.ApplicationName);
        Assert.Equal(7, builder.Timeout);

        var defaults = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://u@localhost"));
        Assert.Equal(5432, defaults.Port);
        Assert.Equal("suanwang", defaults.Database);

        Assert.Equal("postgres://u:p@127.0.0.1:5555/other?sslmode=disable",
            PostgresUrl.WithDatabase("postgres://u:p@127.0.0.1:5555/suanwang?sslmode=disable", "other"));
        Assert.Throws<FormatException>(() => PostgresUrl.ToConnectionString("mysql://u@h/db"));
        Assert.Throws<FormatException>(() => PostgresUrl.ToConnectionString("postgres://u@h/db?no_such_option=1"));
    }
}
