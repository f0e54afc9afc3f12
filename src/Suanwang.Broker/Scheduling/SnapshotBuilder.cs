using Suanwang.Broker.Api;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Network;
using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.FairShare;
using Suanwang.Placement.Network;
using Suanwang.Placement.Snapshot;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// The network as placement sees it at one moment: each pool's capacity with every placed, dispatched and running job
/// reserved, and at shared centers what their own engines report (nodes missing, other users' work); each center's
/// availability (drained, unreachable, no engine); and tenants' holdings for fair share.
/// </summary>
public sealed class SnapshotBuilder(EngineRegistry engines)
{
    /// <summary>How far ahead capacity missing at a center (nodes down or drained there) is held back: until it returns.</summary>
    internal static readonly double MissingCapacityHorizonSeconds = TimeSpan.FromDays(30).TotalSeconds;

    /// <summary>
    /// A fresh snapshot: <paramref name="active"/> are the jobs at centers, <paramref name="drained"/> the centers operators
    /// drained, <paramref name="usage"/> the tenants' holdings kept across cycles (<see cref="UsageLedger"/>); without it,
    /// the holdings are the jobs at centers as of now, with no memory of the past.
    /// </summary>
    public NetworkSnapshot Build(NetworkRevision revision, IReadOnlyList<JobRow> active, IReadOnlySet<string> drained, DateTimeOffset now, TenantUsage? usage = null)
    {
        var network = revision.Compiled;
        double nowSeconds = SimTime.ToSeconds(now);
        var profiles = network.PoolCapacity.Select(c => new CapacityProfile(c)).ToArray();
        var availability = new CenterAvailability[network.CenterCount];
        for (int c = 0; c < network.CenterCount; c++)
        {
            string id = network.Centers[c].Id;
            availability[c] = engines.Health(id).AvailabilityWhen(drained.Contains(id));
        }
        for (int c = 0; c < network.CenterCount; c++)
            if (availability[c] != CenterAvailability.Down && engines.Health(network.Centers[c].Id).LastReport?.Pools is { } pools)
                ReserveCenterLoad(network, network.Centers[c].Id, pools, profiles, nowSeconds);
        bool countUsage = usage is null;
        usage ??= new TenantUsage(network.TotalCapacity);
        foreach (var job in active)
        {
            if (!TryHolding(network, job, out int pool, out var demand)) continue;
            double start = Math.Max(nowSeconds, job.StartedAtMs is { } s ? s / 1000.0 : (job.PlannedStartAtMs ?? JobViews.Ms(now)) / 1000.0);
            double plannedRuntime = job.PlannedStartAtMs is { } ps && job.PlannedFinishAtMs is { } pf ? (pf - ps) / 1000.0 : 3600;
            double runStart = job.StartedAtMs is { } rs ? rs / 1000.0 : start;
            // A run past its estimate still holds its resources: a minute more at a time, until it ends.
            double end = runStart + plannedRuntime > nowSeconds ? runStart + plannedRuntime : nowSeconds + 60;
            profiles[pool].Reserve(start, end, demand);
            if (countUsage) usage.Add(job.Tenant, job.Tier, demand, nowSeconds);
        }
        return new NetworkSnapshot(network, profiles, availability, usage) { PoolFeatures = ReportedFeatures(network) };
    }

    /// <summary>Per pool: the network file's features, with those its center's engine last reported added (Slurm's node features).</summary>
    internal IReadOnlySet<string>[] ReportedFeatures(CompiledNetwork network)
    {
        var features = (IReadOnlySet<string>[])network.PoolFeatures.Clone();
        for (int c = 0; c < network.CenterCount; c++)
        {
            if (engines.Health(network.Centers[c].Id).LastReport?.Pools is not { } pools) continue;
            foreach (var load in pools)
            {
                int pool = network.PoolIndexOf(network.Centers[c].Id, load.PoolId);
                if (pool < 0 || load.Features is not { Count: > 0 } reported) continue;
                var union = new HashSet<string>(features[pool], Suanwang.Model.Network.FeatureNames.Comparer);
                foreach (string feature in reported)
                    if (Suanwang.Model.Network.FeatureNames.IsValid(feature)) union.Add(feature);
                features[pool] = union;
            }
        }
        return features;
    }

    /// <summary>The pool a job at a center holds and what it holds there; false for a job not at a center (or at a pool the network no longer has).</summary>
    internal static bool TryHolding(CompiledNetwork network, JobRow job, out int pool, out ResourceVector demand)
    {
        pool = JobLifecycle.IsAtCenter(job.State) ? network.PoolIndexOf(job.CenterId, job.PoolId) : -1;
        demand = pool < 0 ? default : Runtime.Demand(JobViews.Resources(job), network.PoolIsCpu[pool]);
        return pool >= 0;
    }

    /// <summary>
    /// What a shared center's own engine reports beyond our runs: capacity its nodes lack now (down, drained, fewer
    /// than declared), held back from now on; and its other users' jobs, running or queued, over the times the center expects them.
    /// </summary>
    internal static void ReserveCenterLoad(CompiledNetwork network, string centerId, IReadOnlyList<PoolLoad> pools, CapacityProfile[] profiles, double nowSeconds)
    {
        foreach (var load in pools)
        {
            int pool = network.PoolIndexOf(centerId, load.PoolId);
            if (pool < 0) continue;
            bool cpuPool = network.PoolIsCpu[pool];
            var declared = network.PoolCapacity[pool];
            var missing = Runtime.Demand(
                Math.Max(0, declared.Accelerators - load.Capacity.Accelerators),
                Math.Max(0, declared.Cpus - load.Capacity.Cpus),
                Math.Max(0, declared.MemoryGiB - load.Capacity.MemoryGiB), cpuPool);
            if (missing != default) profiles[pool].Reserve(nowSeconds, nowSeconds + MissingCapacityHorizonSeconds, missing);
            foreach (var work in load.OtherWork)
            {
                double start = Math.Max(nowSeconds, SimTime.ToSeconds(work.Start));
                double end = Math.Max(start + 1, SimTime.ToSeconds(work.End));
                profiles[pool].Reserve(start, end, Runtime.Demand(work.Demand.Accelerators, work.Demand.Cpus, work.Demand.MemoryGiB, cpuPool));
            }
        }
    }
}
