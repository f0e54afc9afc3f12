using Spectre.Console;

namespace Suanwang.Cli;

/// <summary>What a command may touch: its output writers, the clock and the environment, all injected so commands can be tested.</summary>
/// <param name="In">Standard input (for <c>place -</c> and <c>submit -</c>).</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Clock">The only clock the CLI reads (for "now", and its <see cref="TimeProvider.LocalTimeZone"/> for the times it shows).</param>
/// <param name="GetEnvironmentVariable">Environment lookup.</param>
public sealed record CliEnvironment(TextReader In, TextWriter Out, TextWriter Error, TimeProvider Clock, Func<string, string?> GetEnvironmentVariable)
{
    /// <summary>Line width used when output is not a terminal.</summary>
    public const int RedirectedWidth = 180;

    /// <summary>
    /// The HTTP handler the broker client sends through; null (the default) means real sockets. Tests put a fake
    /// broker here; the handler is not disposed by the CLI.
    /// </summary>
    public HttpMessageHandler? BrokerHandler { get; init; }

    /// <summary>How long the client verbs wait between polls of the broker (<c>submit --wait</c>, <c>logs --follow</c>) and before <c>submit</c>'s one retry.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether <see cref="Out"/> is a terminal, when the caller knows better than <see cref="IsTerminal"/> can tell (tests); null = find out.</summary>
    public bool? OutIsTerminal { get; init; }

    /// <summary>True when standard output is a real terminal (not redirected, not captured by a test).</summary>
    public bool IsTerminal => OutIsTerminal ?? (ReferenceEquals(Out, System.Console.Out) && !System.Console.IsOutputRedirected);

    /// <summary>A Spectre console over <see cref="Out"/>; plain text unless writing to a real terminal.</summary>
    /// <param name="colours">Use colours when writing to a terminal.</param>
    /// <param name="interactive">Allow live displays (spinners) when writing to a terminal.</param>
    public IAnsiConsole Console(bool colours, bool interactive = false)
    {
        bool terminal = IsTerminal;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = terminal && colours ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal && colours ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal && interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Piped or captured output has no width of its own: keep tables whole rather than folded to 80 columns.
        if (!terminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
