namespace Suanwang.Engines.Local;

/// <summary>Which names may become a directory under the runs directory.</summary>
internal static class RunNames
{
    /// <summary>Longest dispatch token the engine accepts (a file name is at most 255 bytes).</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// True for 1–<see cref="MaxLength"/> characters of <c>[A-Za-z0-9._-]</c> starting with a letter or digit:
    /// such a name can never be <c>.</c>, <c>..</c>, hidden, or contain a path separator, so it cannot
    /// escape the runs directory.
    /// </summary>
    public static bool IsSafeName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterOrDigit(name[0])) return false;
        foreach (char c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-')) return false;
        return true;
    }
}
