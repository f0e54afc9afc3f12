namespace Suanwang.Traces;

/// <summary>
/// One job as a trace records it, before the workload model adds what traces lack (tenant tier,
/// data, deadlines…). Fields a trace does not have are null (or 0 for <see cref="Cpus"/>).
/// </summary>
/// <param name="Sequence">1-based ordinal of the row among the file's data rows (skipped rows included), so it does not change with filters.</param>
/// <param name="TraceJobId">The trace's own id (SWF job number, Alibaba pod name); the sequence as text when the trace has none (Philly).</param>
/// <param name="SubmitTime">When the job was submitted (see each reader for the time zone it assumes).</param>
/// <param name="DurationSeconds">Wall-clock run time on the source cluster's hardware, seconds (&gt; 0).</param>
/// <param name="Accelerators">Accelerators (GPUs) the job used; 0 for a CPU-only job.</param>
/// <param name="AcceleratorType">The trace's accelerator type, as written (e.g. <c>V100M16|V100M32</c>), or null.</param>
/// <param name="AcceleratorShare">Fraction of each accelerator used (Alibaba <c>gpu_milli / 1000</c>; 1.0 = whole), or null when the trace does not say.</param>
/// <param name="Cpus">CPU cores (rounded up); 0 when the trace does not record CPUs (Philly).</param>
/// <param name="MemoryGiB">Host memory in GiB, or null when the trace does not record it.</param>
/// <param name="Group">Who submitted it: Philly virtual cluster, SWF user (or group), Alibaba resource-shape group.</param>
/// <param name="Queue">Queue or QoS class, or null.</param>
/// <param name="Status">Final status as the trace names it (e.g. <c>Failed</c>), or null.</param>
public sealed record TraceJob(
    long Sequence,
    string TraceJobId,
    DateTimeOffset SubmitTime,
    double DurationSeconds,
    int Accelerators,
    string? AcceleratorType,
    double? AcceleratorShare,
    int Cpus,
    double? MemoryGiB,
    string Group,
    string? Queue,
    string? Status)
{
    /// <summary>Run time in hours.</summary>
    public double DurationHours => DurationSeconds / 3600.0;
}
