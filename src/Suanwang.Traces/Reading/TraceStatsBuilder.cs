using Suanwang.Model.Errors;

namespace Suanwang.Traces.Reading;

/// <summary>Accumulates the counts of one enumeration; <see cref="Build"/> freezes them.</summary>
internal sealed class TraceStatsBuilder(TraceSource source, int maxReportedPerReason)
{
    private readonly Dictionary<SkipReason, long> skipped = [];
    private readonly List<(SkipReason Reason, SpecError Error)> reported = [];

    public long DataRows { get; set; }
    public long Jobs { get; set; }
    public long OutOfOrderRows { get; set; }
    public bool StoppedAtLimit { get; set; }

    public long SkippedFor(SkipReason reason) => skipped.TryGetValue(reason, out long n) ? n : 0;

    /// <summary>The rows reported for <paramref name="reason"/>.</summary>
    public IEnumerable<SpecError> ReportedFor(SkipReason reason) =>
        reported.Where(r => r.Reason == reason).Select(r => r.Error);

    /// <summary>Counts a skipped row; keeps its location and <paramref name="detail"/> if few of its kind are kept yet.</summary>
    public void Skip(SkipReason reason, string location, string? detail)
    {
        long count = SkippedFor(reason);
        skipped[reason] = count + 1;
        if (detail is not null && count < maxReportedPerReason)
            reported.Add((reason, new SpecError(location, $"{Describe(reason)}: {detail}")));
    }

    public TraceStats Build(string sha256, long lines, IReadOnlyList<string> notes) =>
        new(source, sha256, lines, DataRows, Jobs, new Dictionary<SkipReason, long>(skipped),
            reported.Select(r => r.Error).ToArray(), OutOfOrderRows, StoppedAtLimit, notes);

    private static string Describe(SkipReason reason) => reason switch
    {
        SkipReason.Malformed => "malformed row skipped",
        SkipReason.NonPositiveDuration => "job with no run time skipped",
        SkipReason.NoResources => "job with no resources skipped",
        _ => "row skipped",
    };
}
