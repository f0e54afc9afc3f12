using System.Globalization;
using Suanwang.Model.Errors;
using Suanwang.Traces.Alibaba;
using Suanwang.Traces.Philly;
using Suanwang.Traces.Reading;
using Suanwang.Traces.Swf;

namespace Suanwang.Traces;

/// <summary>Opens a trace of any supported format, recognising the format from the file's content.</summary>
public static class TraceReaders
{
    private const int SwfFieldCount = 18;

    /// <summary>
    /// Opens <paramref name="path"/> as a trace. When <paramref name="format"/> is null the format is
    /// detected from the first line (see <see cref="DetectFormat"/>). Only the first line is read here;
    /// rows are read when the reader is enumerated.
    /// </summary>
    /// <exception cref="SpecException">The file is missing, empty, or not a recognised trace.</exception>
    public static TraceReader Open(string path, TraceFormat? format = null, TraceReadOptions? options = null) =>
        (format ?? DetectFormat(path)) switch
        {
            TraceFormat.Philly => new PhillyTraceReader(path, options),
            TraceFormat.AlibabaOpenb => new AlibabaOpenbTraceReader(path, options),
            TraceFormat.Swf => new SwfTraceReader(path, options),
            var other => throw new ArgumentOutOfRangeException(nameof(format), other, "unknown trace format"),
        };

    /// <summary>
    /// Recognises a trace by content (gzip or plain), not by name: a first line starting with <c>;</c>
    /// or holding 18 numbers is SWF; a CSV header with <c>timestamp,duration,num_gpus</c> is Philly; one
    /// with <c>name,cpu_milli,…,num_gpu,…,creation_time</c> is an Alibaba openb pod list.
    /// </summary>
    /// <exception cref="SpecException">The file is missing, empty, or none of these.</exception>
    public static TraceFormat DetectFormat(string path)
    {
        string fileName = Path.GetFileName(path);
        string? first;
        long lineNumber;
        using (var file = TraceFile.Open(path))
        {
            do first = file.ReadLine();
            while (first is not null && string.IsNullOrWhiteSpace(first));
            lineNumber = file.LineNumber;
        }
        string location = string.Create(CultureInfo.InvariantCulture, $"{fileName}:{Math.Max(1, lineNumber)}");
        if (first is null)
            throw new SpecException(fileName, [new SpecError(location, "the file is empty; expected a job trace")]);

        string line = first.Trim().TrimStart('\uFEFF');
        if (line.StartsWith(';') || LooksLikeSwfJob(line)) return TraceFormat.Swf;

        var columns = line.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToHashSet();
        if (PhillyRowParser.RequiredColumns.All(columns.Contains)) return TraceFormat.Philly;
        if (AlibabaOpenbRowParser.RequiredColumns.All(columns.Contains)) return TraceFormat.AlibabaOpenb;

        string what = columns.IsSupersetOf(["sn", "cpu_milli", "memory_mib", "gpu", "model"])
            ? "this is an Alibaba openb node list (machines), not a list of jobs; use openb_pod_list_*.csv"
            : $"not a recognised trace (first line: '{Fields.Shorten(line)}')";
        throw new SpecException(fileName,
        [
            new SpecError(location,
                $"{what}. Expected a Philly per-job CSV (header {string.Join(",", PhillyRowParser.RequiredColumns)}), "
                + $"an Alibaba openb pod list (header {string.Join(",", AlibabaOpenbRowParser.RequiredColumns)}), "
                + "or an SWF log (';' header comments, 18 numeric fields per job)"),
        ]);
    }

    private static bool LooksLikeSwfJob(string line)
    {
        string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == SwfFieldCount
            && fields.All(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
    }
}
