using Suanwang.Store.Connection;

namespace Suanwang.Store.Tests;

public sealed class StoreLocationTests
{
    [Fact]
    public void A_postgres_url_becomes_a_connection_string_and_its_password_is_masked_for_display()
    {
        var location = StoreLocation.Parse("postgres://sw:s3cr%40t@127.0.0.1:5544/jobs?Maximum%20Pool%20Size=50");
        Assert.Equal(StoreProvider.Postgres, location.Provider);
        Assert.Contains("Host=127.0.0.1", location.ConnectionString);
        Assert.Contains("Port=5544", location.ConnectionString);
        Assert.Contains("Database=jobs", location.ConnectionString);
        Assert.Contains("Password=s3cr@t", location.ConnectionString);
        Assert.Contains("Maximum Pool Size=50", location.ConnectionString);
        Assert.Equal("postgres://sw:***@127.0.0.1:5544/jobs", location.Display);
    }

    [Fact]
    public void A_postgres_location_times_out_like_the_broker_and_says_whether_it_carries_a_password()
    {
        var withPassword = StoreLocation.Parse("postgres://sw:pw@127.0.0.1/jobs");
        var without = StoreLocation.Parse("postgres://sw@127.0.0.1/jobs");
        var chosen = StoreLocation.Parse("postgres://sw@127.0.0.1/jobs?Command%20Timeout=60");
        Assert.True(withPassword.HasPassword);
        Assert.False(without.HasPassword);
        Assert.Contains($"Command Timeout={StoreLocation.TimeoutSeconds}", without.ConnectionString);
        Assert.Contains("Command Timeout=60", chosen.ConnectionString);
    }

    [Theory]
    [InlineData("data/suanwang.db")]
    [InlineData("sqlite:data/suanwang.db")]
    public void A_path_is_a_sqlite_file(string text)
    {
        var location = StoreLocation.Parse(text);
        Assert.Equal(StoreProvider.Sqlite, location.Provider);
        Assert.EndsWith(Path.Combine("data", "suanwang.db"), location.Display);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("mysql://x@y/z", "unknown store scheme")]
    [InlineData("postgres://:5432", "not valid")]
    [InlineData("postgres://u@h/db?NoSuchOption=1", "NoSuchOption")]
    public void Bad_locations_say_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => StoreLocation.Parse(text));
        Assert.Contains(expected, e.Message);
    }
}
