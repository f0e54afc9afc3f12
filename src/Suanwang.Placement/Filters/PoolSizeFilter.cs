using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>
/// The pool is big enough for the job even when empty: enough accelerators, cores and memory in
/// total, enough nodes for a gang, and enough accelerators per node.
/// </summary>
public sealed class PoolSizeFilter : IPlacementFilter
{
    /// <inheritdoc />
    public string Name => "pool-size";
    /// <inheritdoc />
    public LossCode Code => LossCode.FilteredPoolSize;
    /// <inheritdoc />
    public FilterStage Stage => FilterStage.BeforeEstimate;
    /// <inheritdoc />
    public bool AppliesTo(JobContext job) => true;

    /// <inheritdoc />
    public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate)
    {
        var network = snapshot.Network;
        var demand = network.PoolIsCpu[pool] ? job.CpuDemand : job.AcceleratorDemand;
        var definition = network.Pools[pool];
        return network.PoolCapacity[pool].Covers(demand)
            && job.Job.Resources.Nodes <= definition.NodeCount
            && (network.PoolIsCpu[pool] || job.AcceleratorsPerNode <= definition.AcceleratorsPerNode);
    }

    /// <inheritdoc />
    public void RejectAll(JobContext job, NetworkSnapshot snapshot, Span<bool> admitted)
    {
        var network = snapshot.Network;
        var isCpu = network.PoolIsCpu;
        var capacity = network.PoolCapacity;
        var nodeCount = network.PoolNodeCount;
        var perNode = network.PoolAcceleratorsPerNode;
        var acceleratorDemand = job.AcceleratorDemand;
        var cpuDemand = job.CpuDemand;
        int nodes = job.Job.Resources.Nodes, jobPerNode = job.AcceleratorsPerNode;
        for (int p = 0; p < admitted.Length; p++)
        {
            if (!admitted[p]) continue;
            bool fits = capacity[p].Covers(isCpu[p] ? cpuDemand : acceleratorDemand)
                && nodes <= nodeCount[p]
                && (isCpu[p] || jobPerNode <= perNode[p]);
            if (!fits) admitted[p] = false;
        }
    }

    /// <inheritdoc />
    public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate)
    {
        var network = snapshot.Network;
        var definition = network.Pools[pool];
        var resources = job.Job.Resources;
        if (resources.Nodes > definition.NodeCount) return $"pool '{definition.Id}' has {definition.NodeCount} nodes, the job spans {resources.Nodes}";
        if (!network.PoolIsCpu[pool] && job.AcceleratorsPerNode > definition.AcceleratorsPerNode)
            return $"pool '{definition.Id}' has {definition.AcceleratorsPerNode} accelerators per node, the job needs {job.AcceleratorsPerNode} per node";
        var capacity = network.PoolCapacity[pool];
        return $"pool '{definition.Id}' holds {capacity.Accelerators:0} accelerators, {capacity.Cpus:0} cores, {capacity.MemoryGiB:0} GiB; the job needs {resources.AcceleratorCount}, {resources.Cpus}, {resources.MemoryGiB:0.#} GiB";
    }
}
