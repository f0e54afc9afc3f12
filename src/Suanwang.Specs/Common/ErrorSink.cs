using Suanwang.Model.Errors;

namespace Suanwang.Specs.Common;

/// <summary>
/// Collects every error found in one input so the user can fix them all at once. Bounded: past
/// <see cref="SpecLimits.MaxErrors"/> errors it only counts, so a garbage file cannot build a huge report.
/// </summary>
internal sealed class ErrorSink
{
    private readonly List<SpecError> errors = new();
    private int dropped;

    public bool HasErrors => errors.Count > 0;

    public int Count => errors.Count + dropped;

    /// <summary>
    /// True once no more errors will be listed: callers skip composing costly messages (suggestions) then,
    /// so 100 000 unknown fields cost no more than counting them.
    /// </summary>
    public bool IsFull => errors.Count >= SpecLimits.MaxErrors;

    public void Add(string location, string message)
    {
        if (errors.Count < SpecLimits.MaxErrors) errors.Add(new SpecError(location, message));
        else dropped++;
    }

    /// <summary>Throws a <see cref="SpecException"/> listing every error, if there is any.</summary>
    public void ThrowIfAny(string what)
    {
        if (!HasErrors) return;
        var list = new List<SpecError>(errors);
        if (dropped > 0)
            list.Add(new SpecError("(more)", $"{dropped} more error(s) not listed; fix the ones above first"));
        throw new SpecException(what, list);
    }
}
