namespace Suanwang.Specs.Native;

/// <summary>
/// A parsed YAML/JSON value with its position. The readers build this small tree themselves (rather than
/// deserializing into types) so they control depth, size, aliases and every error message.
/// </summary>
internal abstract class YamlValue(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>What this value is, for messages ("a list", "a mapping", "text").</summary>
    public abstract string Describe();
}

/// <summary>A scalar. Its text is kept as written; the field being read decides whether it is a number.</summary>
internal sealed class YamlScalar(string text, bool isPlain, int line, int column) : YamlValue(line, column)
{
    public string Text { get; } = text;

    /// <summary>True when unquoted; only plain scalars can be numbers or null (as in JSON).</summary>
    public bool IsPlain { get; } = isPlain;

    /// <summary>YAML's null: an empty plain value, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => IsPlain && Text is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : IsPlain ? $"'{Common.TextRules.Shorten(Text, 30)}'" : "text";
}

/// <summary>A list.</summary>
internal sealed class YamlSequence(IReadOnlyList<YamlValue> items, int line, int column) : YamlValue(line, column)
{
    public IReadOnlyList<YamlValue> Items { get; } = items;

    public override string Describe() => "a list";
}

/// <summary>A mapping, in the order written; keys are unique (the loader reports duplicates).</summary>
internal sealed class YamlMapping(IReadOnlyList<KeyValuePair<string, YamlValue>> entries, int line, int column) : YamlValue(line, column)
{
    public IReadOnlyList<KeyValuePair<string, YamlValue>> Entries { get; } = entries;

    public YamlValue? Find(string key)
    {
        foreach (var entry in Entries)
            if (entry.Key == key) return entry.Value;
        return null;
    }

    public override string Describe() => "a mapping";
}
