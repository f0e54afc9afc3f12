using System.CommandLine;
using System.Runtime.ExceptionServices;
using Suanwang.Api.Client;
using Suanwang.Cli.Output;

namespace Suanwang.Cli.Commands.Client;

/// <summary>
/// Runs a client verb: resolves the connection, builds the client, runs the body and turns the broker's refusals
/// into one-line messages on standard error and the documented exit codes.
/// </summary>
public static class ClientRunner
{
    /// <summary>The broker's answer for one HTTP request.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Sets <paramref name="command"/>'s action to run <paramref name="body"/> with a <see cref="ClientSession"/>.</summary>
    public static Command WithClientAction(this Command command, CliEnvironment env, ClientOptions options,
        Func<ClientSession, ParseResult, CancellationToken, Task<int>> body)
    {
        command.SetAction((result, cancellationToken) => RunAsync(env, result, options, body, cancellationToken));
        return command;
    }

    /// <summary>Runs <paramref name="body"/>; see the class summary for how failures are reported.</summary>
    public static async Task<int> RunAsync(CliEnvironment env, ParseResult result, ClientOptions options,
        Func<ClientSession, ParseResult, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        BrokerConnection? connection = null;
        try
        {
            connection = BrokerConnection.Resolve(result.GetValue(options.Broker), result.GetValue(options.Token), env.GetEnvironmentVariable, result.GetValue(options.Data));
            using var http = env.BrokerHandler is { } handler
                ? new HttpClient(handler, disposeHandler: false)
                : new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true);
            http.BaseAddress = connection.Broker;
            http.Timeout = RequestTimeout;
            var client = new SuanwangClient(http, connection.Token, env.Clock);
            return await body(new ClientSession(env, connection, client, result.GetValue(options.Json)), result, cancellationToken).ConfigureAwait(false);
        }
        catch (SuanwangApiException e)
        {
            return Report(env, e, connection);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            env.Error.WriteLine("interrupted; anything already submitted keeps running (see 'suanwang jobs').");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Bad files and config are reported as the other verbs report them.
            return CommandRunner.Run(env, () => { ExceptionDispatchInfo.Throw(e); return ExitCodes.Failure; });
        }
    }

    /// <summary>Writes the one-line message (and, for invalid input, one line per location) and returns the exit code.</summary>
    public static int Report(CliEnvironment env, SuanwangApiException e, BrokerConnection? connection)
    {
        string message = e.Message;
        if (e.Status == 401 && connection is not null)
            message += connection.Token is null ? $" [{connection.TokenSource}]" : $" [token from {connection.TokenSource}]";
        if (e.Status == 403 && e.Detail is null) message += " [this verb may need an admin token]";
        if (e.RetryAfter is { } wait && e.Status != 0) message += $"; retry after {Output.Formats.Duration(wait.TotalSeconds)}";
        // The broker's words may quote what a user sent (a job id, a center's name): escaped like every other field.
        env.Error.WriteLine($"error: {TerminalText.Escape(message)}");
        foreach (var (location, reasons) in e.Errors)
            foreach (var reason in reasons)
                env.Error.WriteLine($"  {TerminalText.Escape(location)}: {TerminalText.Escape(reason)}");
        return ExitCode(e.Status);
    }

    /// <summary>The exit code for an HTTP status (0 = not reached).</summary>
    public static int ExitCode(int status) => status switch
    {
        0 or 502 or 503 or 504 => ExitCodes.BrokerUnreachable,
        401 or 403 => ExitCodes.NotAuthorised,
        404 => ExitCodes.NotFound,
        400 or 413 or 415 => ExitCodes.InvalidInput,
        422 => ExitCodes.Unplaceable, // valid, but no center of the broker's network could ever run it
        429 => ExitCodes.LimitReached, // refused for now: a rate, quota or limit; the message says when to retry
        _ => ExitCodes.Failure,
    };
}
