using Suanwang.Model.Errors;

namespace Suanwang.Specs.Common;

/// <summary>
/// Collects every error found in one input so the user can fix them all at once, and lists them in the
/// order of their place in the text (line, then column), whatever order the readers found them in.
/// Bounded: past <see cref="SpecLimits.MaxErrors"/> errors it only counts, so a garbage file cannot build
/// a huge report.
/// </summary>
internal sealed class ErrorSink
{
    private readonly List<(SpecError Error, TextPosition? At)> errors = new();
    private int dropped;

    public bool HasErrors => errors.Count > 0;

    public int Count => errors.Count + dropped;

    /// <summary>
    /// True once no more errors will be listed: callers skip composing costly messages (suggestions) then,
    /// so 100 000 unknown fields cost no more than counting them.
    /// </summary>
    public bool IsFull => errors.Count >= SpecLimits.MaxErrors;

    /// <summary>
    /// Where a location (a field path, a script line) is in the text, for errors added without a position.
    /// Set by the reader once it knows the text's structure; a location it cannot place sorts first, as
    /// errors about the document as a whole do.
    /// </summary>
    public Func<string, TextPosition?>? PositionOf { get; set; }

    public void Add(string location, string message) => Add(location, message, null);

    /// <summary>Adds an error whose place in the text is known (a YAML syntax error, a script's first line).</summary>
    public void Add(string location, string message, TextPosition? at)
    {
        if (errors.Count < SpecLimits.MaxErrors) errors.Add((new SpecError(location, message), at));
        else dropped++;
    }

    /// <summary>Throws a <see cref="SpecException"/> listing every error in text order, if there is any.</summary>
    public void ThrowIfAny(string what)
    {
        if (!HasErrors) return;
        // OrderBy is stable: errors at one place keep the order they were found in.
        var list = errors
            .OrderBy(e => e.At ?? PositionOf?.Invoke(e.Error.Location) ?? TextPosition.Start)
            .Select(e => e.Error)
            .ToList();
        if (dropped > 0)
            list.Add(new SpecError("(more)", $"{dropped} more {(dropped == 1 ? "error" : "errors")} not listed; fix the ones above first"));
        throw new SpecException(what, list);
    }
}
