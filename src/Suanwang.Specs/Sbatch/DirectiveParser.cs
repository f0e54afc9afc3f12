using Suanwang.Specs.Common;

namespace Suanwang.Specs.Sbatch;

/// <summary>One mapped option as written in the script, with the line it came from.</summary>
/// <param name="Option">The option.</param>
/// <param name="Value">Its value (empty for flags).</param>
/// <param name="Line">Where it was written.</param>
internal sealed record SbatchDirective(SbatchOption Option, string Value, DirectiveLine Line);

/// <summary>
/// Reads the options of the <c>#SBATCH</c> lines like sbatch's getopt: <c>--name=value</c>,
/// <c>--name value</c>, <c>-x value</c>, <c>-xvalue</c>, clusters of short flags, and unique abbreviations of long
/// names (<c>--part=gpu</c>; an ambiguous one is an error naming the candidates). Keeps the mapped ones,
/// drops the ignored ones, reports refused, unknown and malformed ones with their line.
/// </summary>
internal static class DirectiveParser
{
    public static IReadOnlyList<SbatchDirective> Parse(IEnumerable<DirectiveLine> lines, ErrorSink errors)
    {
        var directives = new List<SbatchDirective>();
        foreach (DirectiveLine line in lines)
        {
            IReadOnlyList<string>? words = DirectiveTokenizer.Split(line.Body, out string? tokenError);
            if (words is null)
            {
                errors.Add(line.Location, tokenError!);
                continue;
            }
            for (int i = 0; i < words.Count; i++)
            {
                string word = words[i];
                if (word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2)
                    i = ReadLong(word, words, i, line, directives, errors);
                else if (word.StartsWith('-') && word.Length > 1 && word[1] != '-')
                    i = ReadShort(word, words, i, line, directives, errors);
                else if (word is "hetjob" or "packjob" || word.StartsWith(':'))
                    errors.Add(line.Location, "heterogeneous jobs (hetjob) are not supported; submit each component as its own job");
                else
                    errors.Add(line.Location, $"expected an option such as --time=1:00:00, found '{TextRules.Shorten(word, 30)}'");
            }
        }
        return directives;
    }

    private static int ReadLong(string word, IReadOnlyList<string> words, int i, DirectiveLine line, List<SbatchDirective> directives, ErrorSink errors)
    {
        int equals = word.IndexOf('=');
        string name = equals < 0 ? word[2..] : word[2..equals];
        string? value = equals < 0 ? null : word[(equals + 1)..];
        OptionLookup lookup = SbatchOptions.Resolve(name);
        if (lookup.Candidates.Count > 0)
        {
            errors.Add(line.Location, $"--{TextRules.Shorten(name, 30)} is ambiguous: it could be "
                + string.Join(", ", lookup.Candidates.Select(c => "--" + c)) + "; write the option in full (sbatch refuses it too)");
            return SkipLine(words);
        }
        if (lookup.Option is not { } option)
        {
            errors.Add(line.Location, $"unknown option --{TextRules.Shorten(name, 30)}"
                + (errors.IsFull ? "" : Suggestions.DidYouMean(name, SbatchOptions.All.Select(o => o.Name), "--")));
            return SkipLine(words);
        }
        switch (option.Argument)
        {
            case OptionArgument.None when value is not null:
                errors.Add(line.Location, $"--{name} takes no value");
                return i;
            case OptionArgument.Required when value is null:
                if (i + 1 >= words.Count)
                {
                    errors.Add(line.Location, $"--{name} needs a value, e.g. --{name}=VALUE");
                    return i;
                }
                value = words[++i];
                break;
        }
        Accept(option, value ?? "", line, directives, errors, $"--{name}");
        return i;
    }

    private static int ReadShort(string word, IReadOnlyList<string> words, int i, DirectiveLine line, List<SbatchDirective> directives, ErrorSink errors)
    {
        // A cluster like -Qv is several flags; the first letter that takes a value takes the rest of the
        // word, or the next word.
        for (int at = 1; at < word.Length; at++)
        {
            char letter = word[at];
            SbatchOption? option = SbatchOptions.Find(letter);
            if (option is null)
            {
                errors.Add(line.Location, $"unknown option -{letter}");
                return SkipLine(words);
            }
            string rest = word[(at + 1)..];
            switch (option.Argument)
            {
                case OptionArgument.None:
                    Accept(option, "", line, directives, errors, $"-{letter}");
                    continue;
                case OptionArgument.Optional:
                    Accept(option, rest, line, directives, errors, $"-{letter}");
                    return i;
                default:
                    if (rest.Length == 0)
                    {
                        if (i + 1 >= words.Count)
                        {
                            errors.Add(line.Location, $"-{letter} needs a value, e.g. -{letter} VALUE");
                            return i;
                        }
                        rest = words[++i];
                    }
                    Accept(option, rest, line, directives, errors, $"-{letter}");
                    return i;
            }
        }
        return i;
    }

    // Whether an unknown option takes a value is unknown too, so the rest of its line cannot be read
    // reliably; one error for the line beats a cascade of guesses.
    private static int SkipLine(IReadOnlyList<string> words) => words.Count;

    private static void Accept(SbatchOption option, string value, DirectiveLine line, List<SbatchDirective> directives, ErrorSink errors, string written)
    {
        switch (option.Support)
        {
            case OptionSupport.Mapped:
                // An alias (--tasks-per-node) is read as the option it stands for, so the last of either wins.
                directives.Add(new SbatchDirective(SbatchOptions.Find(option.Canonical)!, value, line));
                break;
            case OptionSupport.Refused:
                errors.Add(line.Location, $"{written} cannot be honoured across centers: {option.Note}");
                break;
            case OptionSupport.Ignored:
                break;
        }
    }
}
