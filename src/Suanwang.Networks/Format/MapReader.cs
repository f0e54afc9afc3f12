using System.Globalization;

namespace Suanwang.Networks.Format;

/// <summary>
/// Reads the fields of one YAML mapping with type checks. Every problem (unknown or repeated
/// field, missing required field, wrong type) goes to the shared <see cref="ErrorList"/> and the
/// getter returns null, so reading always continues and every error is reported at once.
/// </summary>
internal sealed class MapReader
{
    private readonly YMapping _map;
    private readonly Dictionary<string, KeyValuePair<YScalar, YNode>> _fields = new(StringComparer.Ordinal);

    private MapReader(YMapping map, FieldPath path, ErrorList errors, IReadOnlyCollection<string> knownFields)
    {
        _map = map;
        Path = path;
        Errors = errors;
        errors.NoteLine(path, map.Line);
        foreach (var entry in map.Entries)
        {
            string name = entry.Key.Value;
            var fieldPath = path.Field(name);
            errors.NoteLine(fieldPath, entry.Key.Line);
            if (knownFields.Contains(name))
            {
                _fields[name] = entry;
                continue;
            }
            string hint = DidYouMean.Suggest(name, knownFields) is { } s
                ? $"did you mean '{s}'?"
                : $"known fields here: {string.Join(", ", knownFields)}";
            errors.Add(fieldPath, entry.Key.Line, $"unknown field '{name}'; {hint}");
        }
        foreach (var dup in map.Duplicates)
            errors.Add(path.Field(dup.Key.Value), dup.Key.Line, $"field '{dup.Key.Value}' is given twice (first at line {dup.FirstLine}); the first value is used");
    }

    public FieldPath Path { get; }

    public ErrorList Errors { get; }

    public int Line => _map.Line;

    /// <summary>
    /// Opens <paramref name="node"/> as a mapping with the given fields. Reports and returns null
    /// when it is missing (if <paramref name="required"/>) or not a mapping.
    /// </summary>
    public static MapReader? Open(YNode? node, FieldPath path, ErrorList errors, IReadOnlyCollection<string> knownFields, bool required = true)
    {
        switch (node)
        {
            case YMapping map:
                return new MapReader(map, path, errors, knownFields);
            case null:
                if (required) errors.Add(path, "missing; this section is required");
                return null;
            case YScalar s when s.IsNull:
                if (required) errors.Add(path, s.Line, "is empty; expected a mapping of fields");
                return null;
            default:
                errors.Add(path, node.Line, $"expected a mapping of fields ({string.Join(", ", knownFields.Take(4))}, …), got {node.Describe()}");
                return null;
        }
    }

    public bool Has(string field) => _fields.TryGetValue(field, out var e) && !(e.Value is YScalar s && s.IsNull);

    public YNode? Node(string field) => _fields.TryGetValue(field, out var e) ? e.Value : null;

    public FieldPath PathOf(string field) => Path.Field(field);

    /// <summary>Reports that a required field is missing, at the field's path and the mapping's line.</summary>
    public void ReportMissing(string field, string? why = null) =>
        Errors.Add(PathOf(field), Errors.LineOf(Path) ?? Line, $"missing required field '{field}'{(why is null ? "" : "; " + why)}");

    public string? String(string field, bool required)
    {
        var node = Node(field);
        if (node is null || node is YScalar { IsNull: true })
        {
            if (required) ReportMissing(field);
            return null;
        }
        if (node is not YScalar scalar)
        {
            Errors.Add(PathOf(field), node.Line, $"expected text, got {node.Describe()}");
            return null;
        }
        if (required && string.IsNullOrWhiteSpace(scalar.Value))
        {
            Errors.Add(PathOf(field), node.Line, "must not be empty");
            return null;
        }
        return scalar.Value;
    }

    public double? Number(string field, bool required)
    {
        var node = Node(field);
        if (node is null || node is YScalar { IsNull: true })
        {
            if (required) ReportMissing(field);
            return null;
        }
        return ParseNumber(node, PathOf(field), Errors);
    }

    public int? Integer(string field, bool required)
    {
        var node = Node(field);
        if (node is null || node is YScalar { IsNull: true })
        {
            if (required) ReportMissing(field);
            return null;
        }
        if (node is YScalar s && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            return value;
        Errors.Add(PathOf(field), node.Line, $"expected a whole number, got {node.Describe()}");
        return null;
    }

    /// <summary>Reads one of a closed set of words (case-insensitive), suggesting the closest on a typo.</summary>
    public T? Choice<T>(string field, bool required, IReadOnlyDictionary<string, T> choices) where T : struct
    {
        string? word = String(field, required);
        if (word is null) return null;
        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, word.Trim(), StringComparison.OrdinalIgnoreCase)) return value;
        }
        Errors.Add(PathOf(field), Node(field)!.Line,
            $"'{word}' is not one of {string.Join(" | ", choices.Keys)}{DidYouMean.Hint(word, choices.Keys)}");
        return null;
    }

    /// <summary>The items of a list field, or null (reported if required) when missing or not a list.</summary>
    public IReadOnlyList<YNode>? List(string field, bool required)
    {
        var node = Node(field);
        if (node is null || node is YScalar { IsNull: true })
        {
            if (required) ReportMissing(field);
            return null;
        }
        if (node is YSequence seq)
        {
            for (int i = 0; i < seq.Items.Count; i++) Errors.NoteLine(PathOf(field).Item(i), seq.Items[i].Line);
            return seq.Items;
        }
        Errors.Add(PathOf(field), node.Line, $"expected a list, got {node.Describe()}");
        return null;
    }

    /// <summary>
    /// A list of words (a flow list <c>[a, b]</c> or a block list), each checked by <paramref name="isValid"/>; a bad or
    /// repeated entry is reported at its own line (with <paramref name="rule"/>) and left out. Null when missing.
    /// </summary>
    public IReadOnlyList<string>? WordList(string field, Func<string, bool> isValid, string rule, IEqualityComparer<string> comparer)
    {
        var items = List(field, required: false);
        if (items is null) return null;
        var words = new List<string>(items.Count);
        var seen = new HashSet<string>(comparer);
        for (int i = 0; i < items.Count; i++)
        {
            var path = PathOf(field).Item(i);
            if (items[i] is not YScalar { IsNull: false } scalar)
            {
                Errors.Add(path, items[i].Line, $"expected a single word, got {items[i].Describe()}");
                continue;
            }
            string word = scalar.Value;
            if (!isValid(word)) Errors.Add(path, scalar.Line, $"'{word}' is not valid here: {rule}");
            else if (!seen.Add(word)) Errors.Add(path, scalar.Line, $"'{word}' is listed twice");
            else words.Add(word);
        }
        return words;
    }

    /// <summary>A list of numbers; null if missing or if any entry is not a number (each bad entry reported).</summary>
    public IReadOnlyList<double>? NumberList(string field, bool required)
    {
        var items = List(field, required);
        if (items is null) return null;
        var values = new List<double>(items.Count);
        bool ok = true;
        for (int i = 0; i < items.Count; i++)
        {
            double? v = ParseNumber(items[i], PathOf(field).Item(i), Errors);
            if (v is null) ok = false;
            else values.Add(v.Value);
        }
        return ok ? values : null;
    }

    /// <summary>A mapping of names to scalar values (numbers kept as written).</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string field)
    {
        var node = Node(field);
        if (node is null || node is YScalar { IsNull: true }) return null;
        if (node is not YMapping map)
        {
            Errors.Add(PathOf(field), node.Line, $"expected a mapping of names to values, got {node.Describe()}");
            return null;
        }
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            var path = PathOf(field).Field(key.Value);
            Errors.NoteLine(path, key.Line);
            if (value is YScalar s) result[key.Value] = s.IsNull ? "" : s.Value;
            else Errors.Add(path, value.Line, $"expected a single value, got {value.Describe()}");
        }
        foreach (var dup in map.Duplicates)
            Errors.Add(PathOf(field).Field(dup.Key.Value), dup.Key.Line, $"'{dup.Key.Value}' is given twice (first at line {dup.FirstLine})");
        return result;
    }

    public static double? ParseNumber(YNode node, FieldPath path, ErrorList errors)
    {
        if (node is YScalar s
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            if (double.IsFinite(value)) return value;
            errors.Add(path, node.Line, $"must be a finite number, got '{s.Value}'");
            return null;
        }
        errors.Add(path, node.Line, $"expected a number, got {node.Describe()}");
        return null;
    }
}
