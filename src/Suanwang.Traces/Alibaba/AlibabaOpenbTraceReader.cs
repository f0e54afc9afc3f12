namespace Suanwang.Traces.Alibaba;

/// <summary>
/// Reads the pod list of Alibaba cluster-trace-gpu-v2023 ("openb", Weng et al., ATC'23),
/// plain or gzip: <c>name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Submit time = <see cref="TraceReadOptions.AlibabaEpoch"/> + <c>creation_time</c> seconds.</item>
/// <item>Duration = <c>deletion_time − scheduled_time</c>; for pods never scheduled (empty
/// <c>scheduled_time</c>, phase Pending) it is <c>deletion_time − creation_time</c>, i.e. the time
/// they waited. Pods still running at the trace's end are cut there (deletion_time = end).
/// Pods whose duration is ≤ 0 are skipped and counted.</item>
/// <item>CPUs are <c>cpu_milli / 1000</c> rounded up; memory is <c>memory_mib / 1024</c> GiB.</item>
/// <item><see cref="TraceJob.AcceleratorShare"/> is <c>gpu_milli / 1000</c> for GPU pods (below 1 = a GPU-sharing pod).</item>
/// <item><see cref="TraceJob.AcceleratorType"/> is <c>gpu_spec</c> (e.g. <c>V100M16|V100M32</c>), null when empty or <c>nan</c>.</item>
/// <item><see cref="TraceJob.Queue"/> is <c>qos</c>, <see cref="TraceJob.Status"/> is <c>pod_phase</c>.</item>
/// <item>The trace has no user: <see cref="TraceJob.Group"/> is the pod's exact resource shape and QoS,
/// e.g. <c>ls-c11300-m49152-g1x1000</c>, because pods of one Kubernetes workload share their requests;
/// the default file has 162 such groups.</item>
/// <item>Rows are yielded in file order. The published file is sorted by creation time (checked by a
/// test); <see cref="TraceStats.OutOfOrderRows"/> counts any inversion in other files.</item>
/// </list>
/// </remarks>
public sealed class AlibabaOpenbTraceReader : TraceReader
{
    /// <summary>The default trace name, used in job and tenant ids.</summary>
    public const string DefaultName = "openb";

    /// <summary>Creates a reader for <paramref name="path"/>; nothing is read until enumeration.</summary>
    public AlibabaOpenbTraceReader(string path, TraceReadOptions? options = null)
        : base(path, TraceFormat.AlibabaOpenb, DefaultName, options)
    {
    }

    private protected override Reading.ITraceRowParser CreateParser() =>
        new AlibabaOpenbRowParser(Source.FileName, Options.AlibabaEpoch);
}
