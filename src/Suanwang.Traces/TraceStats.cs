using System.Globalization;
using Suanwang.Model.Errors;

namespace Suanwang.Traces;

/// <summary>
/// What one read of a trace saw: rows, jobs, rows skipped and why, and the file's digest, so a
/// simulator summary can say exactly which input it used.
/// </summary>
/// <param name="Source">The trace read.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file as stored on disk (compressed bytes for .gz), whatever the filters.</param>
/// <param name="Lines">Lines read (header, comments and blank lines included).</param>
/// <param name="DataRows">Data rows read (not header, comment or blank lines).</param>
/// <param name="Jobs">Jobs yielded.</param>
/// <param name="Skipped">Rows skipped, by reason (reasons with no rows are absent).</param>
/// <param name="Reported">The first few skipped rows per reason, with <c>file:line</c> and why.</param>
/// <param name="OutOfOrderRows">Jobs submitted earlier than the job on the row before them; readers yield in file order, so non-zero means a consumer that needs arrival order must sort.</param>
/// <param name="StoppedAtLimit">True when the read stopped at <see cref="TraceReadOptions.Limit"/>: later rows were not read.</param>
/// <param name="Notes">Assumptions the reader made for this file (time zone, epoch, header values).</param>
public sealed record TraceStats(
    TraceSource Source,
    string Sha256,
    long Lines,
    long DataRows,
    long Jobs,
    IReadOnlyDictionary<SkipReason, long> Skipped,
    IReadOnlyList<SpecError> Reported,
    long OutOfOrderRows,
    bool StoppedAtLimit,
    IReadOnlyList<string> Notes)
{
    /// <summary>Rows skipped for <paramref name="reason"/>.</summary>
    public long SkippedFor(SkipReason reason) => Skipped.TryGetValue(reason, out long n) ? n : 0;

    /// <summary>All skipped rows.</summary>
    public long SkippedTotal => Skipped.Values.Sum();

    /// <summary>Human-readable summary lines for reports.</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>
        {
            $"trace {Source.Name} ({Source.Format}) from {Source.FileName}, sha256 {Sha256}",
            string.Create(CultureInfo.InvariantCulture,
                $"  {DataRows:N0} data rows read, {Jobs:N0} jobs{(StoppedAtLimit ? " (stopped at the job limit)" : "")}"),
        };
        foreach (var (reason, count) in Skipped.OrderBy(kv => kv.Key))
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  skipped {count:N0} rows: {reason}"));
        if (OutOfOrderRows > 0)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {OutOfOrderRows:N0} rows submitted earlier than the row before them"));
        lines.AddRange(Reported.Select(e => "  " + e));
        lines.AddRange(Notes.Select(n => "  note: " + n));
        return lines;
    }
}
