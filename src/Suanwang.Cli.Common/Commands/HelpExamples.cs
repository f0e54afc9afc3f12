using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Suanwang.Cli.Commands;

/// <summary>
/// An "Example(s):" section at the end of a verb's help, so that descriptions stay one paragraph (a description
/// is also the verb's line in its parent's list of commands).
/// </summary>
public static class HelpExamples
{
    private static readonly ConditionalWeakTable<Command, string[]> Examples = new();

    /// <summary>Attaches example command lines (shown as given, one per line) to <paramref name="command"/>.</summary>
    public static TCommand WithExamples<TCommand>(this TCommand command, params string[] examples) where TCommand : Command
    {
        Examples.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>Makes the help of <paramref name="root"/> and every command under it end with the examples; returns the standard help action (for its width).</summary>
    public static HelpAction? Install(RootCommand root)
    {
        foreach (var option in root.Options)
            if (option is HelpOption { Action: HelpAction help } helpOption)
            {
                helpOption.Action = new HelpWithExamples(help);
                return help;
            }
        return null;
    }

    /// <summary>True when <paramref name="action"/> prints help (with or without examples).</summary>
    public static bool IsHelp(CommandLineAction? action) => action is HelpAction or HelpWithExamples;

    private sealed class HelpWithExamples(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int code = help.Invoke(parseResult);
            if (Examples.TryGetValue(parseResult.CommandResult.Command, out var examples) && examples.Length > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(examples.Length == 1 ? "Example:" : "Examples:");
                foreach (string example in examples) output.WriteLine($"  {example}");
                output.WriteLine();
            }
            return code;
        }
    }
}
