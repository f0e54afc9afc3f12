using System.CommandLine;

namespace Suanwang.Cli.Commands.Client;

/// <summary>The options every client verb has: where the broker is, the token (or the broker's data folder holding it), and <c>--json</c>.</summary>
public sealed class ClientOptions
{
    /// <summary>Creates the options; <paramref name="jsonDescription"/> says what <c>--json</c> prints for this verb.</summary>
    public ClientOptions(string jsonDescription)
    {
        Json = new Option<bool>("--json") { Description = jsonDescription };
    }

    /// <summary><c>--broker URL</c>.</summary>
    public Option<string?> Broker { get; } = new("--broker")
    {
        Description = $"Broker URL. Default: ${BrokerConnection.BrokerVariable}, else broker: in the config file (${SuanwangPaths.ConfigVariable} or ~/.config/suanwang/config.yaml), else {BrokerConnection.DefaultBroker}.",
        HelpName = "URL",
    };

    /// <summary><c>--token TOKEN</c>.</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"API token. Default: ${BrokerConnection.TokenVariable}, else token: in the config file, else (for a broker on this machine) the 'default' tenant's token 'suanwang serve' wrote to DATA/tokens/default.token (DATA: see --data).",
        HelpName = "TOKEN",
    };

    /// <summary>
    /// <c>--data DIR</c>: the data folder of a broker on this machine (as <c>suanwang serve --data DIR</c>), where the
    /// client finds its 'default' tenant token when no other token is given; like <c>$SUANWANG_DATA</c>.
    /// </summary>
    public Option<string?> Data { get; } = new("--data")
    {
        Description = $"Data folder of a broker on this machine, as given to 'suanwang serve --data': its DIR/tokens/default.token is the token when none is given otherwise. Default: ${SuanwangPaths.DataVariable}, else $XDG_DATA_HOME/suanwang, else ~/.local/share/suanwang.",
        HelpName = "DIR",
    };

    /// <summary><c>--json</c>: print the API's JSON instead of tables.</summary>
    public Option<bool> Json { get; }

    /// <summary>Adds the options to <paramref name="command"/> (after its own, so they come last in help) and returns it.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(Json);
        command.Options.Add(Broker);
        command.Options.Add(Token);
        command.Options.Add(Data);
        return command;
    }
}
