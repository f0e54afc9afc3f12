using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Network;

namespace Suanwang.Placement.Estimation;

/// <summary>
/// A job prepared for one decision: everything that depends on the job and the network but not on
/// a particular pool, computed once so the per-pool loop is a few array reads. Reused between
/// decisions by one engine (not thread-safe).
/// </summary>
public sealed class JobContext
{
    private double[] _stageInSeconds = [];
    private double[] _stageOutSeconds = [];
    private double[] _transferCostYuan = [];
    private double[] _usersLatencyMs = [];
    private double[] _logTransferSeconds = [];
    private double[] _logTransferCostYuan = [];
    private bool[] _modelFits = [];
    private bool[] _modelNamed = [];
    private double[] _runtimeSeconds = [];
    private bool[] _centerAllowed = [];
    private double[] _policyWeights = [];
    private object? _policyWeightsOwner;

    /// <summary>The network the job is being placed on.</summary>
    public CompiledNetwork Network { get; private set; } = null!;
    /// <summary>The job.</summary>
    public JobRequest Job { get; private set; } = null!;
    /// <summary>Caller's sequence number for the job (arrival order); used by round-robin.</summary>
    public long Sequence { get; private set; }
    /// <summary>Decision time, seconds since epoch.</summary>
    public double NowSeconds { get; private set; }
    /// <summary>Earliest allowed start (now or the job's not-before), seconds since epoch.</summary>
    public double EarliestSeconds { get; private set; }
    /// <summary>Deadline, seconds since epoch, or +∞.</summary>
    public double DeadlineSeconds { get; private set; }
    /// <summary>Residency zone index the job must stay in, or -1.</summary>
    public int ResidencyZone { get; private set; }
    /// <summary>Users' region index for a service latency objective, or -1.</summary>
    public int UsersRegion { get; private set; }
    /// <summary>Demand on an accelerator pool.</summary>
    public ResourceVector AcceleratorDemand { get; private set; }
    /// <summary>Demand on a CPU pool.</summary>
    public ResourceVector CpuDemand { get; private set; }
    /// <summary>Accelerators per node the job needs (gang jobs spread evenly over their nodes).</summary>
    public int AcceleratorsPerNode { get; private set; }
    /// <summary>True when the job restricts the centers it may use.</summary>
    public bool HasAllowedCenters { get; private set; }
    /// <summary>
    /// True for batch work, whose run time shrinks on faster accelerators; false for a service, which
    /// runs for its stated duration wherever it is.
    /// </summary>
    public bool RuntimeScalesWithSpeed { get; private set; }
    /// <summary>Reference runtime in seconds (hours on the reference accelerator).</summary>
    public double ReferenceRuntimeSeconds { get; private set; }

    /// <summary>ln of the reference runtime, seconds (−∞ for no work).</summary>
    public double LogReferenceRuntimeSeconds { get; private set; }
    /// <summary>ln of the units an accelerator pool gives the job (its accelerators).</summary>
    public double LogAccelerators { get; private set; }
    /// <summary>ln of the units a CPU pool gives the job (its cores).</summary>
    public double LogCpus { get; private set; }
    /// <summary>Per region: ln of the input plus output transfer time (−∞ without data), for tight loops.</summary>
    internal double[] LogTransferSecondsByRegion => _logTransferSeconds;
    /// <summary>Per region: ln of the transfer cost (−∞ when free), for tight loops.</summary>
    internal double[] LogTransferCostYuanByRegion => _logTransferCostYuan;

    /// <summary>Input transfer seconds to a center in region <paramref name="region"/>.</summary>
    public double StageInSeconds(int region) => _stageInSeconds[region];
    /// <summary>Output transfer seconds from region <paramref name="region"/>.</summary>
    public double StageOutSeconds(int region) => _stageOutSeconds[region];
    /// <summary>Transfer cost (in and out), yuan, for region <paramref name="region"/>.</summary>
    public double TransferCostYuan(int region) => _transferCostYuan[region];
    /// <summary>Latency from the service's users to region <paramref name="region"/>.</summary>
    public double UsersLatencyMs(int region) => _usersLatencyMs[region];
    /// <summary>True when model <paramref name="model"/> is allowed and has enough device memory.</summary>
    public bool ModelFits(int model) => _modelFits[model];
    /// <summary>Runtime on model <paramref name="model"/>, seconds.</summary>
    public double RuntimeSeconds(int model) => _runtimeSeconds[model];
    /// <summary>True when the job may use center <paramref name="center"/>.</summary>
    public bool CenterAllowed(int center) => _centerAllowed[center];

    /// <summary>
    /// Weights <paramref name="owner"/> computed for this decision with <paramref name="compute"/>, kept until the next
    /// <see cref="Prepare"/>: a policy scores every candidate of a decision with the same weights, so they are worked
    /// out once (the context belongs to one engine, so this needs no lock even when the policy is shared).
    /// </summary>
    internal ReadOnlySpan<double> PolicyWeights(object owner, int count, Action<JobContext, Span<double>> compute)
    {
        if (!ReferenceEquals(_policyWeightsOwner, owner) || _policyWeights.Length != count)
        {
            if (_policyWeights.Length != count) _policyWeights = new double[count];
            compute(this, _policyWeights);
            _policyWeightsOwner = owner;
        }
        return _policyWeights;
    }

    /// <summary>Prepares <paramref name="job"/> for a decision at <paramref name="nowSeconds"/>.</summary>
    public void Prepare(CompiledNetwork network, JobRequest job, long sequence, double nowSeconds)
    {
        _policyWeightsOwner = null;
        Network = network;
        Job = job;
        Sequence = sequence;
        NowSeconds = nowSeconds;
        var constraints = job.Constraints;
        EarliestSeconds = constraints.NotBefore is { } nb ? Math.Max(nowSeconds, SimTime.ToSeconds(nb)) : nowSeconds;
        DeadlineSeconds = constraints.Deadline is { } d ? SimTime.ToSeconds(d) : double.PositiveInfinity;
        ResidencyZone = constraints.Residency is { } zone
            ? (network.ZoneIndex.TryGetValue(zone, out int z) ? z : int.MaxValue) // unknown zone: nothing matches
            : -1;
        UsersRegion = constraints.UsersRegionId is { } users && network.RegionIndex.TryGetValue(users, out int u) ? u : -1;

        var r = job.Resources;
        AcceleratorDemand = Runtime.Demand(r, cpuPool: false);
        CpuDemand = Runtime.Demand(r, cpuPool: true);
        int nodes = Math.Max(1, r.Nodes);
        AcceleratorsPerNode = r.AcceleratorCount == 0 ? 0 : (r.AcceleratorCount + nodes - 1) / nodes;
        ReferenceRuntimeSeconds = Math.Max(0, job.Work.ReferenceHours) * 3600.0;
        RuntimeScalesWithSpeed = job.Kind == JobKind.Batch;
        LogReferenceRuntimeSeconds = Math.Log(ReferenceRuntimeSeconds);
        LogAccelerators = Math.Log(r.AcceleratorCount);
        LogCpus = Math.Log(r.Cpus);

        int regions = network.Regions.Count;
        EnsureSize(ref _stageInSeconds, regions);
        EnsureSize(ref _stageOutSeconds, regions);
        EnsureSize(ref _transferCostYuan, regions);
        EnsureSize(ref _usersLatencyMs, regions);
        EnsureSize(ref _logTransferSeconds, regions);
        EnsureSize(ref _logTransferCostYuan, regions);
        const double GbPerGiB = 1.073741824;
        var paths = network.Paths;
        for (int region = 0; region < regions; region++)
        {
            double stageIn = 0, cost = 0;
            foreach (var input in job.Inputs)
            {
                if (!network.RegionIndex.TryGetValue(input.RegionId, out int from)) continue;
                // Inputs from different regions travel in parallel; the slowest decides.
                stageIn = Math.Max(stageIn, paths.TransferSeconds(from, region, input.SizeGiB));
                cost += input.SizeGiB * GbPerGiB * paths.PricePerGbYuan(from, region);
            }
            double stageOut = 0;
            if (job.Output is { } output && network.RegionIndex.TryGetValue(output.RegionId, out int to))
            {
                stageOut = paths.TransferSeconds(region, to, output.SizeGiB);
                cost += output.SizeGiB * GbPerGiB * paths.PricePerGbYuan(region, to);
            }
            _stageInSeconds[region] = stageIn;
            _stageOutSeconds[region] = stageOut;
            _transferCostYuan[region] = cost;
            _usersLatencyMs[region] = UsersRegion >= 0 ? paths.LatencyMs(UsersRegion, region) : 0;
            _logTransferSeconds[region] = Math.Log(stageIn + stageOut);
            _logTransferCostYuan[region] = Math.Log(cost);
        }

        int models = network.Models.Count;
        EnsureSize(ref _modelFits, models);
        EnsureSize(ref _runtimeSeconds, models);
        bool anyModel = r.AcceleratorModels.Count == 0;
        // The names the job gives (ids or aliases such as a100) resolve through the catalog to the models they stand for.
        EnsureSize(ref _modelNamed, models);
        Array.Clear(_modelNamed, 0, models);
        foreach (string name in r.AcceleratorModels)
            foreach (int m in network.ResolveModels(name)) _modelNamed[m] = true;
        for (int m = 0; m < models; m++)
        {
            bool isCpu = network.ModelKind[m] == ProcessorKind.Cpu;
            bool fits = r.IsCpuOnly
                ? isCpu
                : !isCpu && network.ModelMemoryGiB[m] + 1e-9 >= r.MinAcceleratorMemoryGiB
                  && (anyModel || _modelNamed[m]);
            _modelFits[m] = fits;
            _runtimeSeconds[m] = Runtime.Seconds(job.Kind, job.Work.ReferenceHours, network.ModelSpeed[m]);
        }

        int centers = network.CenterCount;
        EnsureSize(ref _centerAllowed, centers);
        HasAllowedCenters = constraints.AllowedCenters.Count > 0;
        if (HasAllowedCenters)
        {
            Array.Clear(_centerAllowed, 0, centers);
            foreach (var id in constraints.AllowedCenters)
                if (network.CenterIndex.TryGetValue(id, out int c)) _centerAllowed[c] = true;
        }
    }

    private static void EnsureSize<T>(ref T[] array, int size)
    {
        if (array.Length < size) array = new T[size];
    }
}
