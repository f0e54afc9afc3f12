using Suanwang.Cli.Commands;

namespace Suanwang.Cli.Tests;

/// <summary>
/// The command <c>suanwang serve</c> suggests at start-up carries what a client in a fresh terminal needs (the
/// end-to-end run of it is in Suanwang.Broker.Tests' ServeHintTests).
/// </summary>
public sealed class ServeHintTests
{
    private const string Home = "/home/ada";
    private const string Usual = "/home/ada/.local/share/suanwang";
    private const string Try = "suanwang submit examples/jobs/hello.yaml --wait";

    private static string Hint(string url, string data, params (string Name, string Value)[] variables)
    {
        var environment = variables.Append(("HOME", Home)).ToDictionary(v => v.Item1, v => v.Item2);
        return ServeCommand.TryCommand(url, data, name => environment.GetValueOrDefault(name));
    }

    [Fact]
    public void With_the_defaults_the_command_needs_nothing_more() =>
        Assert.Equal(Try, Hint("http://127.0.0.1:8080", Usual));

    [Fact]
    public void Another_address_is_named_with_broker() =>
        Assert.Equal($"{Try} --broker http://127.0.0.1:9000", Hint("http://127.0.0.1:9000", Usual));

    [Fact]
    public void Another_data_folder_is_named_with_data() =>
        Assert.Equal($"{Try} --data /srv/suanwang", Hint("http://127.0.0.1:8080", "/srv/suanwang"));

    [Fact]
    public void A_data_folder_from_SUANWANG_DATA_is_named_too_as_a_fresh_terminal_may_not_have_it() =>
        Assert.Equal($"{Try} --data /srv/suanwang", Hint("http://127.0.0.1:8080", "/srv/suanwang", ("SUANWANG_DATA", "/srv/suanwang")));

    [Fact]
    public void The_usual_folder_follows_XDG_DATA_HOME() =>
        Assert.Equal(Try, Hint("http://127.0.0.1:8080", "/xdg/suanwang", ("XDG_DATA_HOME", "/xdg")));

    [Fact]
    public void A_folder_with_spaces_or_quotes_is_quoted_for_the_shell() =>
        Assert.Equal($"{Try} --data '/tmp/ada'\\''s data'", Hint("http://127.0.0.1:8080", "/tmp/ada's data"));

    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("http://[::]:9000", "http://[::1]:9000")]
    public void A_wildcard_address_is_dialled_on_loopback(string listening, string dialled)
    {
        string hint = Hint(listening, Usual);

        Assert.Equal(dialled == "http://127.0.0.1:8080" ? Try : $"{Try} --broker {dialled}", hint);
    }

    [Fact]
    public void On_an_address_that_is_not_loopback_the_token_comes_from_the_file_as_the_client_will_not_read_it() =>
        Assert.Equal($"SUANWANG_TOKEN=$(cat /srv/suanwang/tokens/default.token) {Try} --broker http://10.0.0.5:8080",
            Hint("http://10.0.0.5:8080", "/srv/suanwang"));

    [Fact]
    public void Started_through_the_repositorys_launcher_the_command_is_named_as_the_user_typed_it() =>
        Assert.Equal("./suanwang submit examples/jobs/hello.yaml --wait", Hint("http://127.0.0.1:8080", Usual, ("SUANWANG_COMMAND_NAME", "./suanwang")));
}
