using System.Text;

namespace Suanwang.Specs.Sbatch;

/// <summary>
/// Splits a directive line into words exactly as sbatch does: blanks separate words; single or double quotes group
/// them; a backslash takes the next character literally, inside quotes too (<c>"a\"b"</c> is <c>a"b</c>), but an
/// escaped blank outside quotes still ends the word, and the backslash is dropped (<c>a\ b</c> is two words, as in
/// sbatch); an unquoted, unescaped <c>#</c> ends the line, even inside a word (<c>a#b</c> is <c>a</c>); an empty
/// word (<c>""</c>) ends the line too. Nothing is expanded: <c>$HOME</c>, <c>;</c> or <c>`…`</c> stay plain characters.
/// </summary>
internal static class DirectiveTokenizer
{
    /// <summary>The words, or null with <paramref name="error"/> set.</summary>
    public static IReadOnlyList<string>? Split(string body, out string? error)
    {
        error = null;
        var words = new List<string>();
        int i = 0;
        while (true)
        {
            while (i < body.Length && IsBlank(body[i])) i++;
            if (i >= body.Length) return words;
            StringBuilder? word = null;
            bool escaped = false;
            char quote = '\0';
            for (; i < body.Length && (quote != '\0' || !IsBlank(body[i])); i++)
            {
                char c = body[i];
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                    continue;
                }
                else if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                        continue;
                    }
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                    continue;
                }
                else if (c == '#')
                {
                    break;
                }
                (word ??= new StringBuilder()).Append(c);
            }
            if (quote != '\0')
            {
                error = $"the quote {quote} is never closed";
                return null;
            }
            // sbatch stops reading the line at a word with no characters: a comment, or an empty quoted word.
            if (word is null) return words;
            words.Add(word.ToString());
        }
    }

    // C's isspace: what sbatch treats as a blank between words.
    private static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
