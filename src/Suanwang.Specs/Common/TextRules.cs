namespace Suanwang.Specs.Common;

/// <summary>Checks on user text shared by both readers.</summary>
internal static class TextRules
{
    /// <summary>
    /// An id: 1..<see cref="SpecLimits.MaxIdChars"/> characters of letters, digits, '.', '_' and '-',
    /// starting with a letter or digit. Ids end up in paths, labels and Slurm options, so they stay plain.
    /// </summary>
    public static bool IsId(string text)
    {
        if (text.Length == 0 || text.Length > SpecLimits.MaxIdChars) return false;
        if (!char.IsAsciiLetterOrDigit(text[0])) return false;
        foreach (char c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) return false;
        return true;
    }

    /// <summary>The message for a text that is not an id.</summary>
    public static string IdRule(string text) =>
        $"'{Shorten(text)}' is not a valid id: use 1-{SpecLimits.MaxIdChars} letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>A data-set name: like an id, but '/' is allowed so names can be paths within a catalog.</summary>
    public static bool IsDatasetName(string text)
    {
        if (text.Length == 0 || text.Length > 256) return false;
        if (!char.IsAsciiLetterOrDigit(text[0])) return false;
        foreach (char c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/')) return false;
        return !text.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>True when the text holds a control character (newline, tab, NUL, escape…).</summary>
    public static bool HasControlCharacter(string text) => text.Any(char.IsControl);

    /// <summary>True for a POSIX environment variable name.</summary>
    public static bool IsEnvironmentName(string text)
    {
        if (text.Length == 0 || text.Length > 256) return false;
        if (!(char.IsAsciiLetter(text[0]) || text[0] == '_')) return false;
        return text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }

    /// <summary>Text shortened and with control characters made visible, for quoting in a message.</summary>
    public static string Shorten(string text, int max = 60)
    {
        var visible = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return visible.Length <= max ? visible : visible[..max] + "…";
    }
}
