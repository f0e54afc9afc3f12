using System.Globalization;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// Reads a cluster's nodes and jobs as the broker needs them: per pool (its partition) the capacity of the usable
/// nodes and the work of the cluster's other users, running or queued, with Slurm's own expected times.
/// </summary>
internal static class SlurmLoad
{
    /// <summary>Node states that offer nothing new: the node is down, draining or failing.</summary>
    private static readonly HashSet<string> UnusableFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        "DRAIN", "FAIL", "MAINTENANCE", "MAINT", "NOT_RESPONDING", "POWERED_DOWN", "POWERING_DOWN", "REBOOT_REQUESTED",
    };

    private static readonly HashSet<string> UsableStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "idle", "mixed", "allocated", "completing",
    };

    // Slurm states in which a job holds its nodes.
    private static readonly HashSet<string> HoldingStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "STOPPED",
    };

    /// <summary>Assumed time limit of a job that states none (Slurm then applies the partition's, which REST does not show).</summary>
    private static readonly TimeSpan UnstatedLimit = TimeSpan.FromHours(1);

    /// <summary>The load of each of the center's pools.</summary>
    public static IReadOnlyList<PoolLoad> Pools(SlurmEngineOptions options, IReadOnlyList<SlurmNode> nodes, IReadOnlyList<SlurmJob> jobs, DateTimeOffset now)
    {
        var result = new List<PoolLoad>(options.PoolIds.Count);
        var poolOfPartition = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pool in options.PoolIds) poolOfPartition.TryAdd(options.PartitionFor(pool), pool);
        var others = jobs.Where(j => !j.Comment.StartsWith(DispatchTokens.Prefix, StringComparison.Ordinal))
            .Select(j => (Job: j, Pool: PoolOf(j, poolOfPartition)))
            .Where(x => x.Pool is not null)
            .ToLookup(x => x.Pool!, x => x.Job, StringComparer.Ordinal);
        foreach (string pool in options.PoolIds)
        {
            string partition = options.PartitionFor(pool);
            var members = nodes.Where(n => n.Partitions?.Contains(partition, StringComparer.Ordinal) == true).ToArray();
            var usable = members.Where(IsUsable).ToArray();
            var capacity = new ResourceAmount(usable.Sum(n => Accelerators(n.Gres)), usable.Sum(n => n.Cpus), usable.Sum(n => n.RealMemoryMB) / 1024.0);
            var types = usable.SelectMany(n => AcceleratorTypes(n.Gres)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var work = poolOfPartition.GetValueOrDefault(partition) == pool
                ? others[pool].Select(j => Work(j, now)).OfType<OtherWork>().ToArray()
                : [];
            result.Add(new PoolLoad(pool, capacity, usable.Length, members.Length - usable.Length, types, work) { Features = CommonFeatures(usable) });
        }
        return result;
    }

    // What every usable node has: a job's constraint is checked per pool, so a feature only some nodes carry is not offered.
    private static string[] CommonFeatures(SlurmNode[] nodes) =>
        nodes.Length == 0 ? []
            : [.. nodes.Skip(1).Aggregate((IEnumerable<string>)(nodes[0].Features ?? []), (common, n) => common.Intersect(n.Features ?? [], StringComparer.Ordinal)).Order(StringComparer.Ordinal)];

    internal static bool IsUsable(SlurmNode node) =>
        UsableStates.Contains(node.State) && !(node.StateFlags ?? []).Any(UnusableFlags.Contains);

    // A pending job may name several partitions ("gpu,debug"): it counts in the first that is a pool's.
    private static string? PoolOf(SlurmJob job, Dictionary<string, string> poolOfPartition) =>
        job.Partition.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => poolOfPartition.GetValueOrDefault(p)).FirstOrDefault(p => p is not null);

    /// <summary>A job of another user as work in its pool; null when it holds nothing and never will (finished, held).</summary>
    internal static OtherWork? Work(SlurmJob job, DateTimeOffset now)
    {
        bool running = HoldingStates.Contains(job.JobState);
        bool pending = string.Equals(job.JobState, "PENDING", StringComparison.OrdinalIgnoreCase)
                       && !(job.StateReason ?? "").StartsWith("JobHeld", StringComparison.Ordinal);
        if (!running && !pending) return null;
        int nodes = Math.Max(1, job.NodeCount);
        int cpus = Math.Max(1, job.Cpus);
        double memoryMB = job.MemoryPerNodeMB > 0 ? job.MemoryPerNodeMB * nodes : job.MemoryPerCpuMB * cpus;
        var demand = new ResourceAmount(RequestedAccelerators(job, nodes), cpus, memoryMB / 1024.0);
        TimeSpan limit = job.TimeLimitMinutes > 0 ? TimeSpan.FromMinutes(job.TimeLimitMinutes) : UnstatedLimit;
        DateTimeOffset start = job.StartTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(job.StartTime) : now;
        if (pending && start < now) start = now; // Slurm's expected start is in the past: it starts as soon as it can
        DateTimeOffset end = job.EndTime > job.StartTime && job.StartTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(job.EndTime) : start + limit;
        // A run past its expected end still holds its nodes until Slurm ends it; give it a minute more.
        if (end < now + TimeSpan.FromMinutes(1)) end = now + TimeSpan.FromMinutes(1);
        return new OtherWork(demand, running, start, end);
    }

    // "gres:gpu:4" or "gres:gpu:a100:2" per node, or "gres:gpu:2" per job; several entries comma-separated.
    private static double RequestedAccelerators(SlurmJob job, int nodes) =>
        CountOf(job.TresPerNode) * nodes + CountOf(job.TresPerJob);

    private static double CountOf(string? tres)
    {
        if (string.IsNullOrEmpty(tres)) return 0;
        double total = 0;
        foreach (string entry in tres.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = entry.Split(':');
            int at = parts.Length > 0 && parts[0] == "gres" ? 1 : 0;
            if (parts.Length <= at + 1 || !IsAccelerator(parts[at])) continue;
            if (long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out long n)) total += n;
        }
        return total;
    }

    /// <summary>Accelerators a node's GRES string offers: <c>gpu:a100:4</c>, <c>gpu:4(S:0-1)</c>, several comma-separated.</summary>
    internal static double Accelerators(string? gres) => GresEntries(gres).Sum(e => e.Count);

    private static IEnumerable<string> AcceleratorTypes(string? gres) =>
        GresEntries(gres).Where(e => e.Type is not null).Select(e => e.Type!);

    private static IEnumerable<(string? Type, long Count)> GresEntries(string? gres)
    {
        if (string.IsNullOrEmpty(gres) || gres == "(null)") yield break;
        foreach (string raw in gres.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string entry = raw.Split('(')[0];
            string[] parts = entry.Split(':');
            if (parts.Length < 2 || !IsAccelerator(parts[0])) continue;
            if (!long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out long count)) continue;
            yield return (parts.Length >= 3 ? parts[1] : null, count);
        }
    }

    private static bool IsAccelerator(string gresName) => gresName is "gpu" or "npu";
}
