using Suanwang.Specs.Common;

namespace Suanwang.Specs.Sbatch;

/// <summary>Which kind of directive a line holds.</summary>
internal enum DirectiveKind
{
    /// <summary><c>#SBATCH</c>: a Slurm option.</summary>
    Sbatch,

    /// <summary><c>#SUANWANG</c>: a Suanwang extension Slurm does not know (and ignores as a comment).</summary>
    Suanwang,
}

/// <summary>One directive line of a script.</summary>
/// <param name="Number">1-based line number.</param>
/// <param name="Text">The whole line as written.</param>
/// <param name="Kind">#SBATCH or #SUANWANG.</param>
/// <param name="Body">What follows the prefix.</param>
internal sealed record DirectiveLine(int Number, string Text, DirectiveKind Kind, string Body)
{
    /// <summary>How errors point at the line: <c>line 4 (#SBATCH --gres=gpu:x)</c>.</summary>
    public string Location => $"line {Number} ({TextRules.Shorten(Text.Trim(), 60)})";
}

/// <summary>What the scanner found: the interpreter from <c>#!</c> and the directives sbatch would read.</summary>
internal sealed record ScriptHeader(IReadOnlyList<string> Interpreter, IReadOnlyList<DirectiveLine> Directives)
{
    private readonly Dictionary<string, TextPosition> lines =
        Directives.ToDictionary(d => d.Location, d => new TextPosition(d.Number, 0), StringComparer.Ordinal);

    /// <summary>The line an error's location names, when it is one of the directive lines (they are unique: each starts with its number).</summary>
    public TextPosition? PositionOf(string location) => lines.TryGetValue(location, out TextPosition at) ? at : null;
}

/// <summary>
/// Finds a batch script's interpreter and directives the way sbatch does: the first line must be
/// <c>#!interpreter</c>; <c>#SBATCH</c> lines are read only until the first line that is neither blank
/// nor a comment, and later ones are plain comments (sbatch ignores them too).
/// </summary>
internal static class ScriptScanner
{
    public const string SbatchPrefix = "#SBATCH";
    public const string SuanwangPrefix = "#SUANWANG";

    public static ScriptHeader? Scan(string text, ErrorSink errors)
    {
        string[] lines = text.Split('\n');
        int crlf = Array.FindIndex(lines, l => l.EndsWith('\r'));
        if (crlf >= 0)
        {
            // sbatch refuses DOS line breaks; accepting the script here would only fail later at the center.
            errors.Add($"line {crlf + 1}", "the script has DOS line breaks (\\r\\n), which sbatch refuses; convert it with dos2unix", new TextPosition(crlf + 1, 0));
            return null;
        }
        int nul = Array.FindIndex(lines, l => l.Contains('\0'));
        if (nul >= 0)
        {
            errors.Add($"line {nul + 1}", "the script contains a NUL character; a batch script must be text", new TextPosition(nul + 1, 0));
            return null;
        }

        IReadOnlyList<string>? interpreter = ReadShebang(lines[0], errors);
        var directives = new List<DirectiveLine>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            string trimmed = line.TrimStart();
            if (trimmed.Length == 0) continue;
            if (!trimmed.StartsWith('#')) break; // the first command: sbatch reads no further
            // The prefix counts only at the very start of the line, as for sbatch.
            if (line.StartsWith(SbatchPrefix, StringComparison.Ordinal))
                directives.Add(new DirectiveLine(i + 1, line, DirectiveKind.Sbatch, line[SbatchPrefix.Length..]));
            else if (line.StartsWith(SuanwangPrefix, StringComparison.Ordinal))
                directives.Add(new DirectiveLine(i + 1, line, DirectiveKind.Suanwang, line[SuanwangPrefix.Length..]));
        }
        return interpreter is null ? null : new ScriptHeader(interpreter, directives);
    }

    /// <summary>
    /// The argv prefix the kernel would build from <c>#!</c>: the interpreter path, then everything after it
    /// as one argument (Linux does not split it further).
    /// </summary>
    private static IReadOnlyList<string>? ReadShebang(string first, ErrorSink errors)
    {
        const string Hint = "a batch script must start with #! and the interpreter, e.g. #!/bin/bash (sbatch refuses scripts without one)";
        string location = $"line 1 ({TextRules.Shorten(first.Trim(), 60)})";
        if (!first.StartsWith("#!", StringComparison.Ordinal))
        {
            errors.Add(location, Hint, new TextPosition(1, 0));
            return null;
        }
        string rest = first[2..].Trim();
        int space = rest.IndexOfAny([' ', '\t']);
        string path = space < 0 ? rest : rest[..space];
        string argument = space < 0 ? "" : rest[space..].Trim();
        if (path.Length == 0 || !path.StartsWith('/') || TextRules.HasControlCharacter(rest))
        {
            errors.Add(location, "the #! line must name the interpreter by its absolute path, e.g. #!/bin/bash", new TextPosition(1, 0));
            return null;
        }
        return argument.Length == 0 ? [path] : [path, argument];
    }
}
