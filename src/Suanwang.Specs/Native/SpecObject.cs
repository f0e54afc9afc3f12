using System.Globalization;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Native;

/// <summary>
/// One mapping of the spec, read field by field with its path (<c>resources.accelerators</c>). Reports
/// unknown fields on creation and a typed error for every field read wrongly; a field that is absent or
/// null reads as null, so defaults live in one place, the binder.
/// </summary>
internal sealed class SpecObject
{
    private readonly YamlMapping mapping;
    private readonly IReadOnlyList<string> fields;

    private SpecObject(YamlMapping mapping, string path, IReadOnlyList<string> fields, ErrorSink errors)
    {
        this.mapping = mapping;
        this.fields = fields;
        Path = path;
        Errors = errors;
    }

    /// <summary>Field path of this object; empty for the root.</summary>
    public string Path { get; }

    public ErrorSink Errors { get; }

    /// <summary>The object, or null when <paramref name="value"/> is absent, null or not a mapping (the last is reported).</summary>
    public static SpecObject? From(YamlValue? value, string path, IReadOnlyList<string> fields, ErrorSink errors)
    {
        if (value is null or YamlScalar { IsNull: true }) return null;
        if (value is not YamlMapping mapping)
        {
            errors.Add(path, $"must be a mapping of fields ({string.Join(", ", fields.Take(3))}, …), not {value.Describe()}");
            return null;
        }
        var read = new SpecObject(mapping, path, fields, errors);
        read.ReportUnknownFields();
        return read;
    }

    public string FieldPath(string name) => Join(Path, name);

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string name) => Raw(name) is not null;

    public YamlValue? Raw(string name)
    {
        // Reading a field missing from the vocabulary is a bug in the binder, not in the spec: the
        // vocabulary is what the schema test compares against, so it must list every field read.
        if (!fields.Contains(name)) throw new InvalidOperationException($"Field '{name}' is not in the vocabulary of '{Path}'.");
        YamlValue? value = mapping.Find(name);
        return value is YamlScalar { IsNull: true } ? null : value;
    }

    public SpecObject? Object(string name, IReadOnlyList<string> nestedFields) =>
        From(Raw(name), FieldPath(name), nestedFields, Errors);

    public string? Text(string name, bool required = false) =>
        Values.Text(Raw(name), FieldPath(name), Errors, required);

    public bool? Flag(string name) => Values.Flag(Raw(name), FieldPath(name), Errors);

    public double? Number(string name, NumberRule rule, bool required = false) =>
        Values.Number(Raw(name), FieldPath(name), Errors, rule, required);

    public int? Integer(string name, int min, int max, bool required = false) =>
        Values.Integer(Raw(name), FieldPath(name), Errors, min, max, required);

    /// <summary>
    /// A point in time: RFC 3339 (<c>2026-12-01T00:00:00+08:00</c>), or relative to <paramref name="now"/>, the
    /// submission time (<c>+36h</c>, see <see cref="RelativeTime"/>), which is resolved here so the job carries
    /// an absolute time.
    /// </summary>
    public DateTimeOffset? Time(string name, DateTimeOffset now)
    {
        string? text = Text(name);
        if (text is null) return null;
        DateTimeOffset time;
        if (RelativeTime.LooksRelative(text))
        {
            if (RelativeTime.TryParse(text, now, out time, out string error)) return time;
            Errors.Add(FieldPath(name), error);
            return null;
        }
        if (Rfc3339.TryParse(text, out time)) return time;
        Errors.Add(FieldPath(name), $"'{TextRules.Shorten(text)}' {Rfc3339.Rule}; or {RelativeTime.Rule}");
        return null;
    }

    /// <summary>The items of a list field with their paths, or null when absent or not a list (the latter is reported).</summary>
    public IReadOnlyList<(YamlValue Value, string Path)>? List(string name, int maxItems, string example, bool required = false)
    {
        string path = FieldPath(name);
        YamlValue? value = Raw(name);
        if (value is null)
        {
            if (required) Errors.Add(path, $"is required, e.g. {name}: {example}");
            return null;
        }
        if (value is not YamlSequence sequence)
        {
            Errors.Add(path, $"must be a list, e.g. {name}: {example}; found {value.Describe()}");
            return null;
        }
        if (sequence.Items.Count > maxItems)
        {
            Errors.Add(path, $"has {sequence.Items.Count} items; at most {maxItems} are allowed");
            return null;
        }
        return sequence.Items.Select((item, i) => (item, $"{path}[{i}]")).ToArray();
    }

    /// <summary>A list of ids (centers, models, dependencies); each item is checked.</summary>
    public IReadOnlyList<string> IdList(string name, string example)
    {
        var items = List(name, SpecLimits.MaxListItems, example);
        if (items is null) return [];
        var ids = new List<string>();
        foreach (var (value, path) in items)
        {
            string? id = Values.Text(value, path, Errors, required: true);
            if (id is null) continue;
            if (TextRules.IsId(id)) ids.Add(id);
            else Errors.Add(path, TextRules.IdRule(id));
        }
        return ids;
    }

    /// <summary>The raw mapping of a map-valued field (env), or null.</summary>
    public YamlMapping? Map(string name)
    {
        YamlValue? value = Raw(name);
        if (value is null) return null;
        if (value is YamlMapping map) return map;
        Errors.Add(FieldPath(name), $"must be a mapping of NAME: value, not {value.Describe()}");
        return null;
    }

    private void ReportUnknownFields()
    {
        foreach (var (key, _) in mapping.Entries)
        {
            if (fields.Contains(key)) continue;
            if (Errors.IsFull)
            {
                Errors.Add(Path, "unknown field");
                continue;
            }
            // A blank key (": x" in YAML) would make a blank location; quote it instead.
            string shown = key.Trim().Length == 0 ? $"'{key}'" : TextRules.Shorten(key, 40);
            string where = Join(Path, shown);
            Errors.Add(where, $"unknown field '{TextRules.Shorten(key, 40)}'{Suggestions.DidYouMean(key, fields)}; "
                + $"known fields here: {string.Join(", ", fields)}");
        }
    }
}

/// <summary>Conversions of single YAML values, each reporting its own error.</summary>
internal static class Values
{
    public static string? Text(YamlValue? value, string path, ErrorSink errors, bool required = false)
    {
        if (value is null or YamlScalar { IsNull: true })
        {
            if (required) errors.Add(path, "is required");
            return null;
        }
        if (value is not YamlScalar scalar)
        {
            errors.Add(path, $"must be text, not {value.Describe()}");
            return null;
        }
        if (scalar.Text.Length > SpecLimits.MaxArgumentChars)
        {
            errors.Add(path, $"is {scalar.Text.Length} characters long; at most {SpecLimits.MaxArgumentChars} are allowed");
            return null;
        }
        return scalar.Text;
    }

    public static bool? Flag(YamlValue? value, string path, ErrorSink errors)
    {
        if (value is null or YamlScalar { IsNull: true }) return null;
        // As in JSON: true or false, unquoted; YAML 1.1's yes/no/on/off are too easy to write by accident.
        if (value is YamlScalar { IsPlain: true, Text: "true" or "false" } flag) return flag.Text == "true";
        errors.Add(path, $"must be true or false, not {value.Describe()}");
        return null;
    }

    public static double? Number(YamlValue? value, string path, ErrorSink errors, NumberRule rule, bool required = false)
    {
        if (value is null or YamlScalar { IsNull: true })
        {
            if (required) errors.Add(path, "is required");
            return null;
        }
        if (value is not YamlScalar scalar)
        {
            errors.Add(path, $"must be a number, not {value.Describe()}");
            return null;
        }
        if (!scalar.IsPlain)
        {
            // As in JSON, "8" is text: quietly reading it as a number would let typos through.
            errors.Add(path, $"must be a number, not quoted text (write {TextRules.Shorten(scalar.Text, 20)} without quotes)");
            return null;
        }
        string text = scalar.Text;
        bool parsed = double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out double number);
        if (!parsed || !double.IsFinite(number))
        {
            string lower = text.ToLowerInvariant();
            errors.Add(path, lower.Contains("nan") || lower.Contains("inf") || parsed
                ? $"must be a finite number, not {TextRules.Shorten(text, 20)}"
                : $"must be a number, not {value.Describe()}");
            return null;
        }
        if (!rule.Allows(number))
        {
            errors.Add(path, $"{rule.Describe()}; found {TextRules.Shorten(text, 20)}");
            return null;
        }
        return number;
    }

    public static int? Integer(YamlValue? value, string path, ErrorSink errors, int min, int max, bool required = false)
    {
        double? number = Number(value, path, errors, new NumberRule(min, max), required);
        if (number is not { } n) return null;
        if (n != Math.Floor(n))
        {
            errors.Add(path, $"must be a whole number; found {NumberRule.Format(n)}");
            return null;
        }
        return (int)n;
    }
}
