namespace Suanwang.Traces.Philly;

/// <summary>
/// Reads the Microsoft Philly 2017 per-job table (<c>timestamp,duration,num_gpus,gpu_time,cluster</c>,
/// as derived by the Pollux authors), plain or gzip.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Timestamps are the cluster's local time without a zone; they are read with
/// <see cref="TraceReadOptions.PhillyUtcOffset"/> (default UTC+0).</item>
/// <item>The trace has no job id: <see cref="TraceJob.TraceJobId"/> is the row's sequence number.</item>
/// <item>No CPUs, memory, user, status or GPU type: <see cref="TraceJob.Cpus"/> is 0 and memory null;
/// the workload model fills them. <see cref="TraceJob.Group"/> is the hashed virtual cluster.</item>
/// <item><c>gpu_time</c> (duration × GPUs) is redundant and not read.</item>
/// </list>
/// </remarks>
public sealed class PhillyTraceReader : TraceReader
{
    /// <summary>The default trace name, used in job and tenant ids.</summary>
    public const string DefaultName = "philly";

    /// <summary>Creates a reader for <paramref name="path"/>; nothing is read until enumeration.</summary>
    public PhillyTraceReader(string path, TraceReadOptions? options = null)
        : base(path, TraceFormat.Philly, DefaultName, options)
    {
    }

    private protected override Reading.ITraceRowParser CreateParser() =>
        new PhillyRowParser(Source.FileName, Options.PhillyUtcOffset);
}
