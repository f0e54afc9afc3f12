using System.Text.RegularExpressions;
using Suanwang.Specs.Common;
using YamlDotNet.Core;

namespace Suanwang.Specs.Native;

/// <summary>
/// Where a YAML syntax error is, as an editor shows it (1-based line and column, a tab counting as one
/// column), and what to say about it. YamlDotNet's marks are 1-based already; what goes wrong is which mark
/// is taken. The parser's errors ("While parsing …, did not find …") carry the offending token, from Start
/// to End. The scanner's ("While scanning X, found Y") carry where X began as Start and where Y was found
/// as End, so Start puts a bad escape at its opening quote. And a tab used as indentation comes with no
/// mark at all (line 1, column 1 whatever the line).
/// </summary>
internal static partial class YamlSyntaxError
{
    private const string TabMessage = "found invalid tab as indentation";

    /// <param name="ex">What the parser threw.</param>
    /// <param name="text">The text it read (marks index into it).</param>
    /// <param name="lastGood">The end of the last event read before the error: nothing wrong lies before it.</param>
    public static (TextPosition At, string Message) Describe(YamlException ex, string text, Mark lastGood)
    {
        string raw = PositionPrefix().Replace(ex.Message, "");
        string message = raw.TrimEnd('.');
        bool unmarked = IsEmpty(ex.Start) && IsEmpty(ex.End);
        if (unmarked && raw.Contains(TabMessage, StringComparison.Ordinal))
            return (PositionAt(text, FindIndentTab(text, (int)Math.Min(lastGood.Index, text.Length)) ?? (int)lastGood.Index),
                message + "; YAML indents with spaces only");
        if (unmarked) return (At(lastGood), message);

        bool scanning = raw.StartsWith("While scanning", StringComparison.Ordinal)
            && !raw.StartsWith("While scanning for the next token", StringComparison.Ordinal) // Start is the bad character
            && ex.Start.Index != ex.End.Index;
        if (!scanning) return (At(ex.Start), message);

        // A quoted text that runs past its line was almost always left unclosed: point at its opening quote.
        if (raw.Contains("quoted scalar", StringComparison.Ordinal) && ex.End.Line > ex.Start.Line)
            return (At(ex.Start), raw.Contains("end of stream", StringComparison.Ordinal)
                ? $"the quoted text that starts here is never closed ({message}); add the closing quote"
                : $"the quoted text that starts here runs on to line {ex.End.Line}, column {ex.End.Column} ({message}); is a closing quote missing?");
        return (At(ex.End), $"{message} (it starts at line {ex.Start.Line}, column {ex.Start.Column})");
    }

    private static TextPosition At(Mark mark) => new((int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));

    private static bool IsEmpty(Mark mark) => mark.Index == 0 && mark.Line == Mark.Empty.Line && mark.Column == Mark.Empty.Column;

    // Some YamlDotNet versions prefix messages with "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): ";
    // the location already says where.
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();

    /// <summary>The first tab at or after <paramref name="from"/> in a line's indentation, else the first tab at all.</summary>
    private static int? FindIndentTab(string text, int from)
    {
        int? any = null;
        for (int i = from; i < text.Length; i++)
        {
            if (text[i] != '\t') continue;
            any ??= i;
            int before = i - 1;
            while (before >= 0 && text[before] is ' ' or '\t') before--;
            if (before < 0 || IsBreak(text[before])) return i;
        }
        return any;
    }

    /// <summary>Line and column of a character, counting line breaks as YamlDotNet does (CR LF is one).</summary>
    private static TextPosition PositionAt(string text, int index)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index && i < text.Length; i++)
        {
            if (!IsBreak(text[i])) continue;
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            line++;
            lineStart = i + 1;
        }
        return new TextPosition(line, index - lineStart + 1);
    }

    private static bool IsBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';
}
