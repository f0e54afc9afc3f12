namespace Suanwang.Specs;

/// <summary>
/// Values used when a spec or script leaves something out. Mirrored by the <c>default</c>s in the JSON
/// Schema and by the README; change all three together.
/// </summary>
public static class SpecDefaults
{
    /// <summary><c>kind</c>: batch.</summary>
    public const string Kind = "batch";

    /// <summary><c>resources.nodes</c>: one node.</summary>
    public const int Nodes = 1;

    /// <summary><c>resources.accelerators.count</c> when an <c>accelerators</c> block is given without a count.</summary>
    public const int AcceleratorCount = 1;

    /// <summary>
    /// <c>resources.cpus</c>: one core per accelerator, and at least one per node; so 1 for a plain job.
    /// </summary>
    public static int Cpus(int acceleratorCount, int nodes) => Math.Max(Math.Max(acceleratorCount, nodes), 1);

    /// <summary><c>resources.memoryGiB</c>: this many GiB per CPU core.</summary>
    public const double MemoryGiBPerCpu = 4;

    /// <summary>
    /// <c>work.referenceHours</c> of a service (a batch job must give its own): the span the service is
    /// planned and priced for. A service runs until stopped; this is only the planning horizon.
    /// </summary>
    public const double ServiceReferenceHours = 24;

    /// <summary>
    /// Work estimate of an <c>#SBATCH</c> script without a finite <c>--time</c>, in reference hours. Such a
    /// script gets no time limit; give <c>#SUANWANG reference-hours=H</c> for a better estimate.
    /// </summary>
    public const double SbatchReferenceHours = 1;
}
