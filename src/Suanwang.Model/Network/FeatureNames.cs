namespace Suanwang.Model.Network;

/// <summary>
/// What a node feature's name may be: the names Slurm sites give node features (<c>a100</c>, <c>gpu80g</c>, <c>ib</c>,
/// <c>x86_64</c>, <c>sm.90</c>) and nothing that is an operator of a constraint (<c>&amp; | , * [ ] ( )</c>), a space or
/// a shell or YAML metacharacter. Matched as Slurm matches them: case-sensitive.
/// </summary>
public static class FeatureNames
{
    /// <summary>Longest name accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>The rule, in words, for error messages.</summary>
    public const string Rule = "1-64 letters, digits, '_', '-' or '.'";

    /// <summary>How feature names compare: ordinal and case-sensitive, as Slurm compares them.</summary>
    public static StringComparer Comparer => StringComparer.Ordinal;

    /// <summary>An empty set of features.</summary>
    public static IReadOnlySet<string> None { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>True when <paramref name="c"/> may appear in a feature name.</summary>
    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    /// <summary>True when <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;
        foreach (char c in name)
            if (!IsNameChar(c)) return false;
        return true;
    }

    /// <summary>A set of <paramref name="names"/> compared as features are.</summary>
    public static IReadOnlySet<string> SetOf(IEnumerable<string> names) => new HashSet<string>(names, StringComparer.Ordinal);

    /// <summary>The features as Slurm lists them: sorted, comma-separated (empty for none).</summary>
    public static string Display(IEnumerable<string> features) => string.Join(",", features.Order(StringComparer.Ordinal));
}
