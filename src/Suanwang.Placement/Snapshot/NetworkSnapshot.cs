using Suanwang.Placement.Capacity;
using Suanwang.Placement.FairShare;
using Suanwang.Placement.Network;

namespace Suanwang.Placement.Snapshot;

/// <summary>Whether a center takes new work.</summary>
public enum CenterAvailability
{
    /// <summary>Healthy: takes work.</summary>
    Up,
    /// <summary>Reachable but slow or failing: takes work, scored with a risk penalty.</summary>
    Degraded,
    /// <summary>Unreachable: takes no work.</summary>
    Down,
    /// <summary>Drained by an operator: finishes its work, takes no new work.</summary>
    Draining,
}

/// <summary>
/// Everything the core may look at for one decision: the compiled network, each pool's committed
/// capacity over time, each center's availability and the tenants' current usage. The core reads
/// a snapshot and never changes it; the broker or simulator that owns it commits decisions.
/// </summary>
public sealed class NetworkSnapshot
{
    /// <summary>A snapshot of an idle network with every center up.</summary>
    public NetworkSnapshot(CompiledNetwork network)
        : this(network,
               network.PoolCapacity.Select(c => new CapacityProfile(c)).ToArray(),
               Enumerable.Repeat(CenterAvailability.Up, network.CenterCount).ToArray(),
               new TenantUsage(network.TotalCapacity))
    {
    }

    /// <summary>A snapshot from its parts (arrays indexed like the compiled network's pools and centers).</summary>
    public NetworkSnapshot(CompiledNetwork network, CapacityProfile[] poolProfiles, CenterAvailability[] centerAvailability, TenantUsage usage)
    {
        if (poolProfiles.Length != network.PoolCount) throw new ArgumentException("One profile per pool is required.", nameof(poolProfiles));
        if (centerAvailability.Length != network.CenterCount) throw new ArgumentException("One availability per center is required.", nameof(centerAvailability));
        Network = network;
        PoolFeatures = network.PoolFeatures;
        PoolProfiles = poolProfiles;
        Availability = centerAvailability;
        Usage = usage;
    }

    /// <summary>The network.</summary>
    public CompiledNetwork Network { get; }

    /// <summary>
    /// Per pool: the node features a job's <c>--constraint</c> is checked against. The network file's by default; the
    /// broker sets the union with what a center's engine reports (Slurm's node features).
    /// </summary>
    public IReadOnlySet<string>[] PoolFeatures
    {
        get;
        init
        {
            if (value.Length != Network.PoolCount) throw new ArgumentException("One feature set per pool is required.", nameof(value));
            field = value;
        }
    }

    /// <summary>Per pool: free capacity over time (running and reserved work taken out).</summary>
    public CapacityProfile[] PoolProfiles { get; }

    /// <summary>Per center: availability.</summary>
    public CenterAvailability[] Availability { get; }

    /// <summary>Tenants' current usage, for fair-share ordering.</summary>
    public TenantUsage Usage { get; }
}
