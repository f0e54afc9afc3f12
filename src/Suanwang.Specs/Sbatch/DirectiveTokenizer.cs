using System.Text;

namespace Suanwang.Specs.Sbatch;

/// <summary>
/// Splits a directive line into words the way sbatch does: blanks separate words, single or double
/// quotes group them, a backslash takes the next character literally, and an unquoted <c>#</c> starts a
/// comment. Nothing is expanded: <c>$HOME</c>, <c>;</c> or <c>`…`</c> stay plain characters of the value.
/// </summary>
internal static class DirectiveTokenizer
{
    /// <summary>The words, or null with <paramref name="error"/> set.</summary>
    public static IReadOnlyList<string>? Split(string body, out string? error)
    {
        error = null;
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
                continue;
            }
            if (c is ' ' or '\t')
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            if (c == '#') break;
            inWord = true;
            if (c is '"' or '\'')
                quote = c;
            else if (c == '\\' && i + 1 < body.Length)
                word.Append(body[++i]);
            else
                word.Append(c);
        }
        if (quote != '\0')
        {
            error = $"the quote {quote} is never closed";
            return null;
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
