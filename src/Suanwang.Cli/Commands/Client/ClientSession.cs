using System.Text.Json;
using Spectre.Console;
using Suanwang.Api.Client;
using Suanwang.Cli.Output;

namespace Suanwang.Cli.Commands.Client;

/// <summary>What a client verb's body works with: the client, where it connects, how to print.</summary>
public sealed class ClientSession
{
    internal ClientSession(CliEnvironment environment, BrokerConnection connection, SuanwangClient client, bool json)
    {
        Environment = environment;
        Connection = connection;
        Client = client;
        Json = json;
    }

    /// <summary>The CLI's environment (writers, clock, poll interval).</summary>
    public CliEnvironment Environment { get; }

    /// <summary>The broker and token in use, with where each came from.</summary>
    public BrokerConnection Connection { get; }

    /// <summary>The typed REST client.</summary>
    public SuanwangClient Client { get; }

    /// <summary>True when <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>A console for tables over standard output (colours only on a terminal).</summary>
    public IAnsiConsole Console() => Environment.Console(colours: true);

    /// <summary>Prints <paramref name="value"/> as the API's JSON (camelCase, indented) on standard output, with nothing in it a terminal acts on.</summary>
    public void WriteJson<T>(T value) => Environment.Out.WriteLine(TerminalText.Json(JsonSerializer.Serialize(value, Formats.ApiJson)));

    /// <summary>A time in the machine's local time zone with its UTC offset, e.g. <c>2026-11-24 20:00 +08:00</c>.</summary>
    public string Time(DateTimeOffset time) => Formats.LocalTime(time, Environment.Clock);

    /// <summary>Like <see cref="Time(DateTimeOffset)"/>; empty for null.</summary>
    public string Time(DateTimeOffset? time) => time is { } t ? Time(t) : "";

    /// <summary>Waits one poll interval.</summary>
    public Task PauseAsync(CancellationToken cancellationToken) =>
        Environment.PollInterval > TimeSpan.Zero ? Task.Delay(Environment.PollInterval, cancellationToken) : Task.CompletedTask;
}
