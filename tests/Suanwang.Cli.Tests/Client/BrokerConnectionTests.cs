using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Commands.Client;
using Suanwang.Model.Errors;

namespace Suanwang.Cli.Tests.Client;

/// <summary>Which broker and token the client verbs use: flag, then environment, then config file, then the defaults.</summary>
public sealed class BrokerConnectionTests : IDisposable
{
    private readonly ClientShell _shell = new();

    public BrokerConnectionTests()
    {
        _shell.Environment.Remove("SUANWANG_TOKEN");
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.Jobs, new JobPage([], null));
    }

    public void Dispose() => _shell.Dispose();

    private string Home => _shell.Home.Path;

    private void Config(string yaml)
    {
        Directory.CreateDirectory(Path.Combine(Home, ".config", "suanwang"));
        File.WriteAllText(Path.Combine(Home, ".config", "suanwang", "config.yaml"), yaml);
    }

    private void DefaultToken(string token)
    {
        string folder = Path.Combine(Home, ".local", "share", "suanwang", "tokens");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "default.token"), token + "\n");
    }

    private SentRequest RunJobs(params string[] options)
    {
        var result = _shell.Run(["jobs", .. options]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        return _shell.Broker.Requests.Last();
    }

    [Fact]
    public void Flags_win_over_everything()
    {
        _shell.Environment["SUANWANG_BROKER"] = "http://env-broker:9000";
        _shell.Environment["SUANWANG_TOKEN"] = "env-token";
        Config("broker: http://config-broker:7000\ntoken: config-token\n");

        var sent = RunJobs("--broker", "http://flag-broker:6000", "--token", "flag-token");

        Assert.Equal("flag-broker:6000", sent.Uri.Authority);
        Assert.Equal("Bearer flag-token", sent.Authorization);
    }

    [Fact]
    public void The_environment_wins_over_the_config_file()
    {
        _shell.Environment["SUANWANG_BROKER"] = "http://env-broker:9000";
        _shell.Environment["SUANWANG_TOKEN"] = "env-token";
        Config("broker: http://config-broker:7000\ntoken: config-token\n");

        var sent = RunJobs();

        Assert.Equal("env-broker:9000", sent.Uri.Authority);
        Assert.Equal("Bearer env-token", sent.Authorization);
    }

    [Fact]
    public void The_config_file_wins_over_the_default_token_file()
    {
        Config("broker: http://localhost:7000\ntoken: config-token\n");
        DefaultToken("file-token");

        var sent = RunJobs();

        Assert.Equal("localhost:7000", sent.Uri.Authority);
        Assert.Equal("Bearer config-token", sent.Authorization);
    }

    [Fact]
    public void Xdg_config_home_and_suanwang_config_name_the_config_file()
    {
        string xdg = Path.Combine(Home, "xdg");
        Directory.CreateDirectory(Path.Combine(xdg, "suanwang"));
        File.WriteAllText(Path.Combine(xdg, "suanwang", "config.yaml"), "token: xdg-token\n");
        _shell.Environment["XDG_CONFIG_HOME"] = xdg;
        Assert.Equal("Bearer xdg-token", RunJobs().Authorization);

        string named = Path.Combine(Home, "named.yaml");
        File.WriteAllText(named, "token: named-token\n");
        _shell.Environment["SUANWANG_CONFIG"] = named;
        Assert.Equal("Bearer named-token", RunJobs().Authorization);
    }

    [Fact]
    public void With_nothing_set_it_uses_the_local_broker_and_the_token_serve_wrote()
    {
        DefaultToken("file-token");

        var sent = RunJobs();

        Assert.Equal("127.0.0.1:8080", sent.Uri.Authority);
        Assert.Equal("Bearer file-token", sent.Authorization);
    }

    [Fact]
    public void Suanwang_data_moves_the_default_token_file()
    {
        string data = Path.Combine(Home, "data");
        Directory.CreateDirectory(Path.Combine(data, "tokens"));
        File.WriteAllText(Path.Combine(data, "tokens", "default.token"), "data-token");
        _shell.Environment["SUANWANG_DATA"] = data;

        Assert.Equal("Bearer data-token", RunJobs().Authorization);
    }

    [Fact]
    public void The_data_option_names_the_broker_s_data_folder_as_serve_data_does()
    {
        DefaultToken("file-token");
        string data = Path.Combine(Home, "broker data");
        Directory.CreateDirectory(Path.Combine(data, "tokens"));
        File.WriteAllText(Path.Combine(data, "tokens", "default.token"), "data-token\n");
        _shell.Environment["SUANWANG_DATA"] = Path.Combine(Home, "elsewhere");

        Assert.Equal("Bearer data-token", RunJobs("--data", data).Authorization);
    }

    [Fact]
    public void A_token_given_otherwise_wins_over_the_data_option()
    {
        string data = Path.Combine(Home, "data");
        Directory.CreateDirectory(Path.Combine(data, "tokens"));
        File.WriteAllText(Path.Combine(data, "tokens", "default.token"), "data-token");
        _shell.Environment["SUANWANG_TOKEN"] = "env-token";

        Assert.Equal("Bearer env-token", RunJobs("--data", data).Authorization);
    }

    [Fact]
    public void Without_a_token_in_the_data_folder_a_401_names_the_file_it_looked_for()
    {
        string data = Path.Combine(Home, "empty");
        _shell.Broker.Problem(HttpMethod.Get, ApiRoutes.Jobs, 401, "not authenticated", "missing bearer token");

        var result = _shell.Run("jobs", "--data", data);

        Assert.Equal(ExitCodes.NotAuthorised, result.ExitCode);
        Assert.Contains(Path.Combine(data, "tokens", "default.token"), result.Error);
    }

    [Fact]
    public void The_local_token_file_is_never_sent_to_another_machine()
    {
        DefaultToken("file-token");

        var sent = RunJobs("--broker", "https://broker.example.org");

        Assert.Null(sent.Authorization);
    }

    [Fact]
    public void Without_any_token_a_401_says_where_it_looked()
    {
        _shell.Broker.Problem(HttpMethod.Get, ApiRoutes.Jobs, 401, "not authenticated", "missing bearer token");

        var result = _shell.Run("jobs");

        Assert.Equal(ExitCodes.NotAuthorised, result.ExitCode);
        Assert.Null(_shell.Broker.Requests.Single().Authorization);
        Assert.StartsWith("error: not authenticated (401): missing bearer token [no token; looked for --token, $SUANWANG_TOKEN, token: in ", result.Error);
        Assert.Contains(Path.Combine(Home, ".local", "share", "suanwang", "tokens", "default.token"), result.Error);
    }

    [Fact]
    public void A_missing_named_config_file_exits_2()
    {
        _shell.Environment["SUANWANG_CONFIG"] = Path.Combine(Home, "missing.yaml");

        var result = _shell.Run("jobs");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("missing.yaml", result.Error);
        Assert.Empty(_shell.Broker.Requests);
    }

    [Fact]
    public void A_broker_that_is_not_a_url_exits_2()
    {
        var result = _shell.Run("jobs", "--broker", "ftp://broker");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("is not a broker URL", result.Error);
    }

    [Fact]
    public void Resolve_reports_where_each_setting_came_from()
    {
        Config("broker: broker.internal:8443\n");
        var environment = new Dictionary<string, string> { ["HOME"] = Home, ["SUANWANG_TOKEN"] = " env-token \n" };

        var connection = BrokerConnection.Resolve(null, null, environment.GetValueOrDefault);

        Assert.Equal(new Uri("http://broker.internal:8443"), connection.Broker);
        Assert.Equal(Path.Combine(Home, ".config", "suanwang", "config.yaml"), connection.BrokerSource);
        Assert.Equal("env-token", connection.Token);
        Assert.Equal("$SUANWANG_TOKEN", connection.TokenSource);
    }

    [Fact]
    public void An_invalid_config_file_names_the_file()
    {
        Config("broker: [a, b]\n");
        var environment = new Dictionary<string, string> { ["HOME"] = Home };

        var e = Assert.Throws<SpecException>(() => BrokerConnection.Resolve(null, null, environment.GetValueOrDefault));

        Assert.EndsWith("config.yaml", e.What);
        Assert.Equal("broker", Assert.Single(e.Errors).Location);
    }

    [Theory]
    [InlineData("SUANWANG_DATA", "/srv/suanwang", "/srv/suanwang")]
    [InlineData("XDG_DATA_HOME", "/xdg/data", "/xdg/data/suanwang")]
    [InlineData("HOME", "/home/ada", "/home/ada/.local/share/suanwang")]
    public void The_data_directory_follows_suanwang_data_then_xdg_then_home(string variable, string value, string expected)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/home/ada", [variable] = value };

        Assert.Equal(expected, SuanwangPaths.DefaultDataDirectory(environment.GetValueOrDefault));
        Assert.Equal(Path.Combine(expected, "tokens", "default.token"), SuanwangPaths.DefaultTokenFile(environment.GetValueOrDefault));
    }
}
