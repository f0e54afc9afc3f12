using Spectre.Console;

namespace Suanwang.Cli;

/// <summary>What a command may touch: its output writers, the clock and the environment, all injected so commands can be tested.</summary>
/// <param name="In">Standard input (for <c>place -</c>).</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Clock">The only clock the CLI reads (for "now").</param>
/// <param name="GetEnvironmentVariable">Environment lookup.</param>
public sealed record CliEnvironment(TextReader In, TextWriter Out, TextWriter Error, TimeProvider Clock, Func<string, string?> GetEnvironmentVariable)
{
    /// <summary>Line width used when output is not a terminal.</summary>
    public const int RedirectedWidth = 180;

    /// <summary>A Spectre console over <see cref="Out"/>; plain text unless writing to a real terminal.</summary>
    public IAnsiConsole Console(bool colours)
    {
        bool terminal = ReferenceEquals(Out, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = terminal && colours ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal && colours ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Piped or captured output has no width of its own: keep tables whole rather than folded to 80 columns.
        if (!terminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
