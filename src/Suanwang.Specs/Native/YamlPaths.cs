using Suanwang.Specs.Common;

namespace Suanwang.Specs.Native;

/// <summary>
/// Finds where a field path (<c>resources.accelerators.count</c>, <c>inputs[0].at</c>, <c>env.HOME</c>) is in
/// the tree, so errors reported by path can be listed in the order of the file.
/// </summary>
internal static class YamlPaths
{
    /// <summary>
    /// The position of the value the path names or, when part of it is absent (a required field left
    /// out, a key shortened in the message), of the deepest value on the way that exists.
    /// </summary>
    public static TextPosition PositionOf(YamlValue root, string path)
    {
        YamlValue current = root;
        string rest = path;
        while (rest.Length > 0)
        {
            YamlValue? next = rest[0] == '[' ? Item(current, ref rest) : Field(current, ref rest);
            if (next is null) break;
            current = next;
            if (rest.StartsWith('.')) rest = rest[1..];
        }
        return new TextPosition(current.Line, current.Column);
    }

    private static YamlValue? Item(YamlValue current, ref string rest)
    {
        int close = rest.IndexOf(']');
        if (current is not YamlSequence sequence || close < 0
            || !int.TryParse(rest.AsSpan(1, close - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
            || index >= sequence.Items.Count)
            return null;
        rest = rest[(close + 1)..];
        return sequence.Items[index];
    }

    private static YamlValue? Field(YamlValue current, ref string rest)
    {
        if (current is not YamlMapping mapping) return null;
        // The longest key the path continues with: keys may hold '.' themselves (an unknown field "a.b").
        string? key = null;
        foreach (var (candidate, _) in mapping.Entries)
        {
            if (candidate.Length == 0 || (key is not null && candidate.Length <= key.Length)) continue;
            if (rest.StartsWith(candidate, StringComparison.Ordinal)
                && (rest.Length == candidate.Length || rest[candidate.Length] is '.' or '['))
                key = candidate;
        }
        if (key is null) return null;
        rest = rest[key.Length..];
        return mapping.Find(key);
    }
}
