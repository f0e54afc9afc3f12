using System.Globalization;
using Suanwang.Traces.Reading;

namespace Suanwang.Traces.Philly;

/// <summary>Parses rows of the Philly per-job CSV.</summary>
internal sealed class PhillyRowParser(string fileName, TimeSpan utcOffset) : ITraceRowParser
{
    internal static readonly string[] RequiredColumns = ["timestamp", "duration", "num_gpus", "cluster"];

    private CsvHeader? header;

    public bool HasHeaderLine => true;

    public bool IsComment(string line) => false;

    public void ReadComment(string line) { }

    public void ReadHeader(string line, string location) =>
        header = CsvHeader.Parse(line, fileName, location, "Philly per-job CSV", RequiredColumns);

    public RowOutcome Parse(string line, long sequence)
    {
        var h = header!;
        string[] f = line.Split(',');
        if (f.Length != h.Count)
            return RowOutcome.Malformed($"expected {h.Count} fields, found {f.Length}");

        string stamp = f[h["timestamp"]].Trim();
        if (!DateTime.TryParseExact(stamp, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out DateTime local))
            return RowOutcome.Malformed($"timestamp '{Fields.Shorten(stamp)}' is not yyyy-MM-dd HH:mm:ss");
        if (!Fields.TryDouble(f[h["duration"]], "duration", out double duration, out string? error)
            || !Fields.TryLong(f[h["num_gpus"]], "num_gpus", out long gpus, out error))
            return RowOutcome.Malformed(error!);
        string cluster = f[h["cluster"]].Trim();
        if (cluster.Length == 0) return RowOutcome.Malformed("cluster is empty");

        if (duration <= 0)
            return RowOutcome.Skip(SkipReason.NonPositiveDuration, string.Create(CultureInfo.InvariantCulture, $"duration {duration} s"));
        if (gpus <= 0 || gpus > int.MaxValue)
            return RowOutcome.Skip(SkipReason.NoResources, string.Create(CultureInfo.InvariantCulture, $"num_gpus {gpus}"));

        var submit = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), utcOffset);
        string id = sequence.ToString(CultureInfo.InvariantCulture);
        return RowOutcome.Ok(new TraceJob(sequence, id, submit, duration, (int)gpus,
            AcceleratorType: null, AcceleratorShare: null, Cpus: 0, MemoryGiB: null,
            Group: cluster, Queue: null, Status: null));
    }

    public IReadOnlyList<string> Notes() =>
    [
        $"timestamps read as local time at UTC{(utcOffset < TimeSpan.Zero ? "-" : "+")}{utcOffset:hh\\:mm} (the trace does not state its zone)",
        "the trace records no CPUs, memory, user, status or GPU type (Philly was P100/P40-era); Cpus = 0, MemoryGiB = null",
    ];
}
