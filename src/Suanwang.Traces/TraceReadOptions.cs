using Suanwang.Model.Errors;

namespace Suanwang.Traces;

/// <summary>
/// How a trace is read: which jobs to keep, how many bad rows to tolerate, and the few
/// format-specific assumptions a trace cannot answer by itself.
/// </summary>
public sealed record TraceReadOptions
{
    /// <summary>Default options: the whole trace, tolerate up to 100 malformed rows.</summary>
    public static TraceReadOptions Default { get; } = new();

    /// <summary>Keep jobs submitted at or after this instant; null = from the start.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Keep jobs submitted before this instant (exclusive); null = to the end.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Stop after this many jobs have been yielded (a prefix of the trace); null = no limit.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// Malformed rows (unparseable fields, wrong field count) are skipped and counted; once more than
    /// this many are found the read fails, because the file is then probably not the format it claims.
    /// 0 = strict: fail on the first malformed row.
    /// </summary>
    public int MaxMalformedRows { get; init; } = 100;

    /// <summary>How many skipped rows per <see cref="SkipReason"/> are kept, with file and line, in <see cref="TraceStats.Reported"/>.</summary>
    public int MaxReportedRowsPerReason { get; init; } = 5;

    /// <summary>Overrides the trace name used in job and tenant ids; null = the format's default.</summary>
    public string? TraceName { get; init; }

    /// <summary>
    /// UTC offset of Philly's local timestamps. The trace does not state its zone; the default reads them
    /// as UTC so that instants are reproducible, and only hour-of-day signals (carbon, price) care.
    /// </summary>
    public TimeSpan PhillyUtcOffset { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The instant that Alibaba openb's second 0 stands for. The trace gives only seconds from an
    /// undisclosed start; 2023-01-01T00:00Z (the trace's release year) is a documented stand-in.
    /// </summary>
    public DateTimeOffset AlibabaEpoch { get; init; } = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<SpecError> Validate()
    {
        var errors = new List<SpecError>();
        if (From is { } from && To is { } to && from >= to)
            errors.Add(new SpecError(nameof(From), $"the window is empty: {nameof(From)} {from:O} is not before {nameof(To)} {to:O}"));
        if (Limit < 0) errors.Add(new SpecError(nameof(Limit), $"must be ≥ 0, is {Limit}"));
        if (MaxMalformedRows < 0) errors.Add(new SpecError(nameof(MaxMalformedRows), $"must be ≥ 0, is {MaxMalformedRows}"));
        if (MaxReportedRowsPerReason < 0)
            errors.Add(new SpecError(nameof(MaxReportedRowsPerReason), $"must be ≥ 0, is {MaxReportedRowsPerReason}"));
        if (TraceName is { } name && (name.Length == 0 || name.Any(char.IsWhiteSpace)))
            errors.Add(new SpecError(nameof(TraceName), $"must be a non-empty name without spaces, is '{name}'"));
        return errors;
    }
}
