namespace Suanwang.Traces.Reading;

/// <summary>What a row parser made of one data row: a job, a rule-based skip, or a malformed row.</summary>
internal readonly record struct RowOutcome(TraceJob? Job, SkipReason Reason, string? Detail)
{
    public static RowOutcome Ok(TraceJob job) => new(job, default, null);

    public static RowOutcome Skip(SkipReason reason, string detail) => new(null, reason, detail);

    public static RowOutcome Malformed(string detail) => new(null, SkipReason.Malformed, detail);
}
