namespace Suanwang.Traces.Swf;

/// <summary>
/// Reads Standard Workload Format v2.2 logs of the Parallel Workloads Archive, plain or gzip:
/// <c>;</c> header comments, then one job per line with 18 whitespace-separated fields.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Submit time = header <c>UnixStartTime</c> + field 2 (submit), an instant in UTC; the header's
/// <c>TimeZone</c>/<c>TimeZoneString</c> are kept in <see cref="Header"/> and the notes but do not shift
/// instants. Without <c>UnixStartTime</c>, time 0 is 1970-01-01T00:00Z (noted).</item>
/// <item>Duration = field 4 (run time); processors = field 5 (allocated), or field 8 (requested) when
/// field 5 is -1. Jobs with run time ≤ 0 or no processors are skipped and counted.</item>
/// <item>CPU-only: <see cref="TraceJob.Accelerators"/> 0, <see cref="TraceJob.Cpus"/> = processors.</item>
/// <item>Memory = field 7 (used KB per processor) or else field 10 (requested), times processors; null if neither.</item>
/// <item><see cref="TraceJob.Group"/> = <c>u&lt;user&gt;</c> (field 12), or <c>g&lt;group&gt;</c> (field 13)
/// when the user is unknown; <see cref="TraceJob.Queue"/> = field 15 (named from the header when it
/// names queues), null when -1; <see cref="TraceJob.Status"/> from field 11.</item>
/// <item>The trace name defaults to the file's stem, lower-cased (<c>nasa-ipsc-1993-3.1-cln</c>).</item>
/// </list>
/// </remarks>
public sealed class SwfTraceReader : TraceReader
{
    private SwfHeader? header;

    /// <summary>Creates a reader for <paramref name="path"/>; nothing is read until enumeration.</summary>
    public SwfTraceReader(string path, TraceReadOptions? options = null)
        : base(path, TraceFormat.Swf, NameFromPath(path), options)
    {
    }

    /// <summary>The header of the most recent enumeration (set once the first data row is reached), or null.</summary>
    public SwfHeader? Header => Volatile.Read(ref header);

    /// <summary>The default trace name for a file: its name without <c>.gz</c> and <c>.swf</c>, lower-case.</summary>
    public static string NameFromPath(string path)
    {
        string name = Path.GetFileName(path);
        foreach (string suffix in new[] { ".gz", ".swf" })
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) name = name[..^suffix.Length];
        return name.Length == 0 ? "swf" : name.ToLowerInvariant();
    }

    private protected override Reading.ITraceRowParser CreateParser() =>
        new SwfRowParser(h => Volatile.Write(ref header, h));
}
