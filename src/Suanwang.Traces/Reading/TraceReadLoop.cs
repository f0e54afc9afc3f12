using System.Globalization;
using Suanwang.Model.Errors;

namespace Suanwang.Traces.Reading;

/// <summary>
/// The read loop every format shares: open, header, rows, filters, limit, counts and the
/// malformed-row policy. Rows stream one at a time; nothing but the current line is held.
/// </summary>
/// <remarks>
/// Policy: a malformed row is skipped, counted and (the first few) reported with <c>file:line</c>.
/// More than <see cref="TraceReadOptions.MaxMalformedRows"/> of them, or a file whose data rows are
/// all malformed, fails with a <see cref="SpecException"/>: such a file is not the trace it claims
/// to be, and silently simulating the remainder would mislead.
/// </remarks>
internal static class TraceReadLoop
{
    public static IEnumerable<TraceJob> Read(
        TraceSource source, ITraceRowParser parser, TraceReadOptions options, Action<TraceStats> publish)
    {
        var stats = new TraceStatsBuilder(source, options.MaxReportedRowsPerReason);
        var file = TraceFile.Open(source.Path);
        bool headerRead = !parser.HasHeaderLine;
        DateTimeOffset? previousSubmit = null;
        try
        {
            while (true)
            {
                if (options.Limit is int limit && stats.Jobs >= limit)
                {
                    stats.StoppedAtLimit = true;
                    yield break;
                }

                string? line = file.ReadLine();
                if (line is null) break;
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (parser.IsComment(line))
                {
                    parser.ReadComment(line);
                    continue;
                }
                if (!headerRead)
                {
                    parser.ReadHeader(line, Location(source, file.LineNumber));
                    headerRead = true;
                    continue;
                }

                stats.DataRows++;
                RowOutcome outcome = parser.Parse(line, stats.DataRows);
                if (outcome.Job is not { } job)
                {
                    stats.Skip(outcome.Reason, Location(source, file.LineNumber), outcome.Detail);
                    if (outcome.Reason == SkipReason.Malformed) FailIfTooManyMalformed(source, options, stats);
                    continue;
                }

                if (previousSubmit is { } previous && job.SubmitTime < previous) stats.OutOfOrderRows++;
                previousSubmit = job.SubmitTime;

                if (job.SubmitTime < options.From || job.SubmitTime >= options.To)
                {
                    stats.Skip(SkipReason.OutsideWindow, location: "", detail: null);
                    continue;
                }

                stats.Jobs++;
                yield return job;
            }

            if (!headerRead)
                throw new SpecException(source.FileName,
                    [new SpecError(Location(source, file.LineNumber), "the file has no header line; is it empty?")]);
            long malformed = stats.SkippedFor(SkipReason.Malformed);
            if (malformed > 0 && malformed == stats.DataRows)
                throw new SpecException(source.FileName,
                [
                    .. stats.ReportedFor(SkipReason.Malformed),
                    new SpecError(source.FileName, $"every data row is malformed; this does not look like a {source.Format} trace"),
                ]);
        }
        finally
        {
            // Publish even when the consumer stops early, so a prefix read still reports what it saw.
            string sha256;
            try
            {
                sha256 = file.FinishSha256Hex();
            }
            catch (IOException)
            {
                sha256 = "unavailable";
            }
            file.Dispose();
            publish(stats.Build(sha256, file.LineNumber, parser.Notes()));
        }
    }

    private static void FailIfTooManyMalformed(TraceSource source, TraceReadOptions options, TraceStatsBuilder stats)
    {
        long malformed = stats.SkippedFor(SkipReason.Malformed);
        if (malformed <= options.MaxMalformedRows) return;
        throw new SpecException(source.FileName,
        [
            .. stats.ReportedFor(SkipReason.Malformed),
            new SpecError(source.FileName, string.Create(CultureInfo.InvariantCulture,
                $"more than {options.MaxMalformedRows} malformed rows; is this really a {source.Format} trace?")),
        ]);
    }

    private static string Location(TraceSource source, long line) =>
        string.Create(CultureInfo.InvariantCulture, $"{source.FileName}:{line}");
}
