using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Placement;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Simulation.Bounds;

/// <summary>
/// Per-job lower bounds computed on an idle network (no queueing, capacity ignored): the best
/// completion time any center offers, and the least carbon over every center and every start hour
/// within a day. Summed over the trace, no policy can beat them.
/// </summary>
public sealed class LowerBoundCalculator
{
    private readonly NetworkSnapshot _idle;
    private readonly PlacementEngine _engine = new();
    private readonly IPlacementPolicy _fastest = new FastestCompletionPolicy();
    private readonly IPlacementPolicy _greenest = new GreenestPolicy();
    private double _completionSum;
    private double _carbonGrams;
    private long _jobs;

    /// <summary>Bounds on <paramref name="network"/>.</summary>
    public LowerBoundCalculator(CompiledNetwork network) => _idle = new NetworkSnapshot(network);

    /// <summary>Adds one job's bounds.</summary>
    public void Add(SimulationArrival arrival)
    {
        // Bounds ignore the soft and time-dependent limits (deadline, price) but keep what the job
        // physically needs (accelerator, memory, residency); the job's real amount of work counts.
        var job = arrival.Job with
        {
            Work = arrival.Job.Work with { ReferenceHours = arrival.ActualReferenceHours },
            Constraints = arrival.Job.Constraints with { Deadline = null, MaxPriceYuan = null, NotBefore = null },
        };
        double now = SimTime.ToSeconds(arrival.SubmitTime);
        var fastest = _engine.Place(_idle, job, 0, _fastest, now);
        if (!fastest.IsPlaced) return;
        _jobs++;
        _completionSum += fastest.Plan.FinishSeconds - now;
        var greenJob = job with { Preferences = job.Preferences with { FlexibleStartHours = 24 } };
        var greenest = _engine.Place(_idle, greenJob, 0, _greenest, now);
        _carbonGrams += greenest.IsPlaced ? greenest.Plan.CarbonGrams : fastest.Plan.CarbonGrams;
    }

    /// <summary>Mean of the per-job best completion times, seconds.</summary>
    public double MeanCompletionNoQueueSeconds => _jobs == 0 ? 0 : _completionSum / _jobs;

    /// <summary>Sum of the per-job least carbon, kg.</summary>
    public double CarbonGreenestKg => _carbonGrams / 1000.0;

    /// <summary>Jobs the bounds cover (those some center can run).</summary>
    public long Jobs => _jobs;

    /// <summary>
    /// The network with all capacity pooled into one center of the fastest accelerator (and the
    /// fastest CPU), one region, no transfer: simulating the trace on it bounds what placement
    /// across many centers can achieve under the same queue order.
    /// </summary>
    public static NetworkDefinition PooledNetwork(NetworkDefinition network)
    {
        var catalog = network.Catalog;
        var pools = network.Centers.SelectMany(c => c.Pools).ToList();
        bool IsCpu(NodePool p) => catalog.Find(p.AcceleratorModelId)?.Kind == ProcessorKind.Cpu;
        var merged = new List<NodePool>();
        foreach (var group in pools.GroupBy(IsCpu))
        {
            var models = group.Select(p => catalog.Find(p.AcceleratorModelId)!).ToList();
            var fastest = models.OrderByDescending(m => m.RelativeSpeed).ThenByDescending(m => m.MemoryGiB).ThenBy(m => m.Id, StringComparer.Ordinal).First();
            int perNode = group.Max(p => p.AcceleratorsPerNode);
            int accelerators = group.Sum(p => p.TotalAccelerators);
            int cpus = group.Sum(p => p.TotalCpus);
            double memory = group.Sum(p => p.TotalMemoryGiB);
            int nodes = group.Key ? group.Sum(p => p.NodeCount) : Math.Max(1, (int)Math.Ceiling(accelerators / (double)Math.Max(1, perNode)));
            merged.Add(new NodePool(group.Key ? "pooled-cpu" : "pooled-accelerators", fastest.Id, group.Key ? 0 : perNode,
                (int)Math.Ceiling(cpus / (double)nodes), memory / nodes, nodes));
        }
        var region = new Region("pooled", "All capacity pooled", null, RegionRole.Other, 0, 0, "pooled");
        var template = network.Centers[0];
        var center = template with
        {
            Id = "pooled",
            DisplayName = "All capacity pooled",
            DisplayNameZh = null,
            RegionId = region.Id,
            ResidencyZone = region.ResidencyZone,
            Pools = merged,
        };
        return network with
        {
            Id = network.Id + "-pooled",
            Regions = [region],
            Links = [],
            Centers = [center],
        };
    }

    /// <summary>Strips what the pooled network cannot honour (specific models, device memory, residency, centers).</summary>
    public static SimulationArrival ForPooledNetwork(SimulationArrival arrival)
    {
        var job = arrival.Job;
        return arrival with
        {
            Job = job with
            {
                Resources = job.Resources with { AcceleratorModels = [], MinAcceleratorMemoryGiB = 0 },
                Inputs = [],
                Output = null,
                Constraints = JobConstraints.None,
                Preferences = JobPreferences.None,
            },
        };
    }

    /// <summary>Ranks by predicted finish alone, with the whole truth: the bound's policy.</summary>
    private sealed class FastestCompletionPolicy : IPlacementPolicy
    {
        public string Name => "fastest-completion";
        public string Description => "earliest predicted finish (bounds only)";
        public PolicyBelief Belief => PolicyBelief.Truth;
        public bool DefersFlexibleJobs => false;

        public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
        {
            for (int i = 0; i < candidates.Length; i++) scores[i] = candidates[i].FinishSeconds;
        }

        public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job) => alternative.FinishSeconds;

        public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, JobContext job) =>
            new(LossCode.Slower, "finish", "finishes later");
    }
}
