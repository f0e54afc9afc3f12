using System.Text;

namespace Suanwang.Networks.Format;

/// <summary>
/// Where a value sits in a network file. <see cref="Key"/> uses list indexes only
/// (<c>centers[3].pools[0].accelerator</c>) and is how lines are looked up;
/// <see cref="Display"/> adds the id of each list item where it is known
/// (<c>centers[3](qingyang).pools[0](a100).accelerator</c>) so users find the entry by name.
/// </summary>
internal sealed class FieldPath
{
    private readonly FieldPath? _parent;
    private readonly string _segmentKey;
    private readonly string _segmentDisplay;

    private FieldPath(FieldPath? parent, string segmentKey, string segmentDisplay)
    {
        _parent = parent;
        _segmentKey = segmentKey;
        _segmentDisplay = segmentDisplay;
        Key = Join(parent?.Key, segmentKey);
        Display = Join(parent?.Display, segmentDisplay);
    }

    /// <summary>The document itself.</summary>
    public static FieldPath Root { get; } = new(null, "", "");

    public string Key { get; }

    public string Display { get; }

    public bool IsRoot => _parent is null;

    public FieldPath Field(string name) => new(this, name, name);

    public FieldPath Item(int index, string? id = null) =>
        new(this, $"[{index}]", string.IsNullOrEmpty(id) ? $"[{index}]" : $"[{index}]({id})");

    /// <summary>True when this path is the one keyed <paramref name="otherKey"/> or lies inside it.</summary>
    public bool IsWithin(string otherKey) =>
        otherKey.Length == 0
        || Key == otherKey
        || (Key.StartsWith(otherKey, StringComparison.Ordinal) && Key[otherKey.Length] is '.' or '[');

    public override string ToString() => Display;

    private static string Join(string? parent, string segment)
    {
        if (string.IsNullOrEmpty(parent)) return segment;
        var sb = new StringBuilder(parent);
        if (!segment.StartsWith('[')) sb.Append('.');
        return sb.Append(segment).ToString();
    }
}
