using Suanwang.Model.Jobs;

namespace Suanwang.Placement.Estimation;

/// <summary>How long a job runs on a given accelerator, and what it takes of a pool: one rule for the core, the simulator and the broker.</summary>
public static class Runtime
{
    /// <summary>
    /// Run time in seconds of <paramref name="referenceHours"/> of work on a device of
    /// <paramref name="relativeSpeed"/>: batch work shrinks on faster devices; a service runs for its
    /// stated duration wherever it is.
    /// </summary>
    public static double Seconds(JobKind kind, double referenceHours, double relativeSpeed) =>
        Math.Max(0, referenceHours) * 3600.0 / (kind == JobKind.Service ? 1.0 : relativeSpeed);

    /// <summary>What a job takes of a pool: a CPU pool gives cores and memory only; an accelerator pool also its devices.</summary>
    public static Capacity.ResourceVector Demand(ResourceRequest resources, bool cpuPool) =>
        Demand(resources.AcceleratorCount, resources.Cpus, resources.MemoryGiB, cpuPool);

    /// <summary>What an amount of work takes of a pool (e.g. another user's job at a shared center), by the same rule.</summary>
    public static Capacity.ResourceVector Demand(double accelerators, double cpus, double memoryGiB, bool cpuPool) =>
        new(cpuPool ? 0 : accelerators, cpus, memoryGiB);
}
