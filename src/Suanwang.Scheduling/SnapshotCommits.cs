using Suanwang.Model.Jobs;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Scheduling;

/// <summary>
/// Committing a decision to a snapshot, in one place for both drivers: the plan's pool holds the job's resources from
/// its start to its predicted end, and its tenant holds them from now on for fair-share ordering.
/// </summary>
public static class SnapshotCommits
{
    /// <summary>What <paramref name="job"/> takes of pool <paramref name="pool"/> (accelerators, or cores on a CPU pool).</summary>
    public static ResourceVector Demand(NetworkSnapshot snapshot, JobRequest job, int pool) =>
        Runtime.Demand(job.Resources, snapshot.Network.PoolIsCpu[pool]);

    /// <summary>Commits <paramref name="plan"/> for <paramref name="job"/> at <paramref name="nowSeconds"/>; returns the demand held.</summary>
    public static ResourceVector Bind(NetworkSnapshot snapshot, JobRequest job, in CandidateEstimate plan, double nowSeconds)
    {
        var demand = Demand(snapshot, job, plan.Pool);
        snapshot.PoolProfiles[plan.Pool].Reserve(plan.StartSeconds, plan.StartSeconds + plan.RuntimeSeconds, demand);
        snapshot.Usage.Add(job.Tenant, job.Tier, demand, nowSeconds);
        return demand;
    }
}
