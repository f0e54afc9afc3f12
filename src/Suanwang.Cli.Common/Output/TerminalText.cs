using System.Globalization;
using System.Text;

namespace Suanwang.Cli.Output;

/// <summary>
/// Text someone else wrote (job names, commands, reasons, center and tenant names, the broker's messages) made safe
/// to print: a terminal acts on control characters, so <c>\e]0;title\a</c> in a job name would retitle the window
/// and <c>\e[2J</c> clear it, and a bidirectional override (U+202E) makes text read differently from what it is.
/// </summary>
/// <remarks>
/// The rule, the same for every verb: C0 control characters (U+0000–U+001F), DEL (U+007F) and C1 control characters
/// (U+0080–U+009F) are printed as <c>\xHH</c>; bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) as <c>\uHHHH</c>. In one-line fields newlines and tabs are escaped too (a name cannot fake a
/// table row); <see cref="EscapeKeepingLines"/>, for a job's output on a terminal, keeps <c>\n</c>, <c>\t</c> and
/// the <c>\r</c> of a <c>\r\n</c>. Everything else, backslashes included, is printed as it is. <c>--json</c>
/// escapes the same characters by JSON's own rules, and <c>suanwang logs</c> into a file or pipe is byte-exact.
/// </remarks>
public static class TerminalText
{
    /// <summary>A one-line field with every control character and bidirectional control escaped.</summary>
    public static string Escape(string? text) => Escape(text, keepLines: false);

    /// <summary>Multi-line text (a job's output) with control characters escaped except <c>\n</c>, <c>\t</c> and the <c>\r</c> of <c>\r\n</c>.</summary>
    public static string EscapeKeepingLines(string? text) => Escape(text, keepLines: true);

    /// <summary>
    /// JSON text with what its encoder leaves as written (DEL, C1 controls, bidirectional controls, all inside strings)
    /// written as <c>\uHHHH</c> escapes too: the same value to a JSON reader, nothing a terminal acts on.
    /// </summary>
    public static string Json(string json)
    {
        if (!json.Any(c => IsUnsafe(c) && c is not ('\n' or '\r' or '\t'))) return json;
        var sb = new StringBuilder(json.Length + 16);
        foreach (char c in json)
        {
            if (IsUnsafe(c) && c is not ('\n' or '\r' or '\t')) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary><see cref="Escape(string?)"/> and then Spectre.Console's markup escape (<c>[</c> → <c>[[</c>), for markup strings and table cells.</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Escape(text));

    /// <summary>True when <paramref name="c"/> is printed escaped (in a one-line field).</summary>
    public static bool IsUnsafe(char c) => c < 0x20 || c is >= '\u007f' and <= '\u009f' || IsBidiControl(c);

    private static bool IsBidiControl(char c) => c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069';

    private static string Escape(string? text, bool keepLines)
    {
        if (string.IsNullOrEmpty(text)) return "";
        int first = 0;
        while (first < text.Length && !IsUnsafe(text[first])) first++;
        if (first == text.Length) return text; // the usual case: nothing to do
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            bool kept = keepLines && (c is '\n' or '\t' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'));
            if (kept || !IsUnsafe(c)) sb.Append(c);
            else if (IsBidiControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
