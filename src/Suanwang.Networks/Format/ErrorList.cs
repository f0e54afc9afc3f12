using Suanwang.Model.Errors;

namespace Suanwang.Networks.Format;

/// <summary>One error found while reading or validating, before it is given its final location text.</summary>
internal sealed record LocatedError(FieldPath Path, int? Line, string Message, int Order);

/// <summary>
/// Collects every error of one load, remembers the line of every path the reader visited,
/// and renders them as <see cref="SpecError"/>s sorted by line.
/// </summary>
internal sealed class ErrorList
{
    private readonly List<LocatedError> _errors = new();
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public int Count => _errors.Count;

    /// <summary>Remembers that <paramref name="path"/> was written at <paramref name="line"/>.</summary>
    public void NoteLine(FieldPath path, int line) => _lines.TryAdd(path.Key, line);

    /// <summary>The line of <paramref name="path"/>, or of its nearest parent that has one.</summary>
    public int? LineOf(FieldPath path)
    {
        if (_lines.TryGetValue(path.Key, out int line)) return line;
        string key = path.Key;
        while (key.Length > 0)
        {
            int cut = Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
            if (cut <= 0) break;
            key = key[..cut];
            if (_lines.TryGetValue(key, out line)) return line;
        }
        return null;
    }

    public void Add(FieldPath path, string message) => Add(path, LineOf(path), message);

    public void Add(FieldPath path, int? line, string message) =>
        _errors.Add(new LocatedError(path, line, message, _errors.Count));

    /// <summary>True when an error was already reported at <paramref name="path"/> or at a path containing it.</summary>
    public bool HasErrorAtOrAbove(FieldPath path) => _errors.Any(e => path.IsWithin(e.Path.Key));

    public IReadOnlyList<SpecError> ToSpecErrors() =>
        _errors
            .OrderBy(e => e.Line ?? int.MaxValue)
            .ThenBy(e => e.Order)
            .Select(e => new SpecError(FormatLocation(e.Path, e.Line), e.Message))
            .ToList();

    public static string FormatLocation(FieldPath path, int? line) =>
        (path.IsRoot, line) switch
        {
            (true, null) => "(file)",
            (true, int l) => $"line {l}",
            (false, null) => path.Display,
            (false, int l) => $"{path.Display} (line {l})",
        };
}
