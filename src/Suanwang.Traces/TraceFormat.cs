namespace Suanwang.Traces;

/// <summary>The trace formats Suanwang reads.</summary>
public enum TraceFormat
{
    /// <summary>Microsoft Philly 2017 per-job CSV (<c>timestamp,duration,num_gpus,gpu_time,cluster</c>).</summary>
    Philly,
    /// <summary>Alibaba cluster-trace-gpu-v2023 "openb" pod list (<c>name,cpu_milli,memory_mib,num_gpu,…</c>).</summary>
    AlibabaOpenb,
    /// <summary>Standard Workload Format v2.2 of the Parallel Workloads Archive.</summary>
    Swf,
}
