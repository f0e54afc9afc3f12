using System.Globalization;
using Suanwang.Traces.Reading;

namespace Suanwang.Traces.Swf;

/// <summary>Parses SWF header comments and job lines.</summary>
internal sealed class SwfRowParser(Action<SwfHeader> publishHeader) : ITraceRowParser
{
    private const int FieldCount = 18;

    private readonly Dictionary<string, string> fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, string> queueNames = [];
    private SwfHeader? header;
    private DateTimeOffset start;

    public bool HasHeaderLine => false;

    public bool IsComment(string line) => line.TrimStart().StartsWith(';');

    public void ReadComment(string line)
    {
        if (header is not null) return; // comments after the first job are not header fields
        string text = line.TrimStart().TrimStart(';').Trim();
        int colon = text.IndexOf(':');
        if (colon <= 0) return;
        string key = text[..colon].Trim();
        string value = text[(colon + 1)..].Trim();
        if (key.Equals("Queue", StringComparison.OrdinalIgnoreCase))
        {
            // "; Queue:  1  batch"
            string[] parts = value.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long q))
                queueNames[q] = parts[1].Trim();
            return;
        }
        fields.TryAdd(key, value);
    }

    public void ReadHeader(string line, string location) { }

    public RowOutcome Parse(string line, long sequence)
    {
        header ??= BuildHeader();
        string[] f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != FieldCount)
            return RowOutcome.Malformed($"expected {FieldCount} fields, found {f.Length}");

        var v = new double[FieldCount];
        for (int i = 0; i < FieldCount; i++)
            if (!Fields.TryDouble(f[i], $"field {i + 1}", out v[i], out string? error))
                return RowOutcome.Malformed(error!);

        double submit = v[1], run = v[3], alloc = v[4], used = v[6], requested = v[7], requestedMemory = v[9];
        if (submit < 0) return RowOutcome.Malformed($"submit time {f[1]} is negative");
        if (run <= 0) return RowOutcome.Skip(SkipReason.NonPositiveDuration, $"job {f[0]}: run time {f[3]}");
        double procs = alloc > 0 ? alloc : requested;
        if (procs <= 0 || procs > int.MaxValue)
            return RowOutcome.Skip(SkipReason.NoResources, $"job {f[0]}: processors {f[4]} (requested {f[7]})");

        double memoryKbPerProc = used > 0 ? used : requestedMemory;
        long user = (long)v[11], group = (long)v[12], queue = (long)v[14];
        var job = new TraceJob(
            sequence,
            f[0],
            start.AddSeconds(submit),
            run,
            Accelerators: 0,
            AcceleratorType: null,
            AcceleratorShare: null,
            Cpus: (int)procs,
            MemoryGiB: memoryKbPerProc > 0 ? memoryKbPerProc * procs / (1024.0 * 1024.0) : null,
            Group: user >= 0 ? $"u{user}" : group >= 0 ? $"g{group}" : "unknown",
            Queue: queue < 0 ? null : queueNames.GetValueOrDefault(queue, queue.ToString(CultureInfo.InvariantCulture)),
            Status: StatusName((long)v[10]));
        return RowOutcome.Ok(job);
    }

    private SwfHeader BuildHeader()
    {
        long? unixStart = LongField("UnixStartTime");
        start = DateTimeOffset.FromUnixTimeSeconds(unixStart ?? 0);
        var h = new SwfHeader(
            fields.GetValueOrDefault("Version"),
            fields.GetValueOrDefault("Computer"),
            fields.GetValueOrDefault("Installation"),
            unixStart,
            LongField("TimeZone"),
            fields.GetValueOrDefault("TimeZoneString"),
            LongField("MaxProcs"),
            new Dictionary<long, string>(queueNames));
        publishHeader(h);
        return h;
    }

    private long? LongField(string key) =>
        fields.TryGetValue(key, out string? text)
        && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : null;

    /// <summary>SWF status codes: 0 failed, 1 completed, 2–4 partial executions, 5 cancelled, -1 unknown.</summary>
    private static string? StatusName(long code) => code switch
    {
        0 => "Failed",
        1 => "Completed",
        2 => "Partial",
        3 => "PartialLast",
        4 => "PartialFailed",
        5 => "Cancelled",
        _ => null,
    };

    public IReadOnlyList<string> Notes()
    {
        var h = header ?? BuildHeader();
        var notes = new List<string>();
        notes.Add(h.UnixStartTime is { } s
            ? string.Create(CultureInfo.InvariantCulture,
                $"UnixStartTime {s} = {DateTimeOffset.FromUnixTimeSeconds(s):yyyy-MM-ddTHH:mm:ssK}; submit times are UTC instants (log zone {h.TimeZoneString ?? "not stated"}, TimeZone {h.TimeZoneSeconds?.ToString(CultureInfo.InvariantCulture) ?? "not stated"})")
            : "no UnixStartTime in the header: time 0 read as 1970-01-01T00:00Z");
        notes.Add("CPU-only log: Accelerators = 0, Cpus = processors; each line is taken as one job (SWF partial-execution lines, status 2–4, would count once each)");
        return notes;
    }
}
