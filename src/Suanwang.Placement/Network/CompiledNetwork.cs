using Suanwang.Model.Network;

namespace Suanwang.Placement.Network;

/// <summary>
/// A <see cref="NetworkDefinition"/> flattened into arrays indexed by pool, center, region and
/// accelerator model, with signal integrals and the path table precomputed. Built once per network
/// revision and shared read-only by every decision.
/// </summary>
public sealed class CompiledNetwork
{
    /// <summary>Compiles <paramref name="definition"/>.</summary>
    public CompiledNetwork(NetworkDefinition definition)
    {
        Definition = definition;
        Regions = definition.Regions;
        Centers = definition.Centers;
        Models = definition.Catalog.Models;
        RegionIndex = Index(Regions.Select(r => r.Id));
        CenterIndex = Index(Centers.Select(c => c.Id));
        ModelIndex = Index(Models.Select(m => m.Id), StringComparer.OrdinalIgnoreCase);
        _modelsByName = ModelNames(Models, ModelIndex);
        Paths = new PathTable(Regions, definition.Links, definition.IntraRegion);

        var zones = Regions.Select(r => r.ResidencyZone).Concat(Centers.Select(c => c.ResidencyZone)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        ZoneIndex = Index(zones, StringComparer.OrdinalIgnoreCase);

        int centerCount = Centers.Count;
        CenterRegion = new int[centerCount];
        CenterZone = new int[centerCount];
        CenterIsWest = new bool[centerCount];
        CenterPue = new double[centerCount];
        CenterCpuWattsPerCore = new double[centerCount];
        CenterWue = new double[centerCount];
        Carbon = new SignalIntegral[centerCount];
        Renewable = new SignalIntegral[centerCount];
        PriceShape = new SignalIntegral[centerCount];
        var pools = new List<(int Center, NodePool Pool)>();
        for (int c = 0; c < centerCount; c++)
        {
            var center = Centers[c];
            CenterRegion[c] = RegionIndex[center.RegionId];
            CenterZone[c] = ZoneIndex[center.ResidencyZone];
            CenterIsWest[c] = Regions[CenterRegion[c]].Role == RegionRole.West;
            CenterPue[c] = center.Energy.Pue;
            CenterCpuWattsPerCore[c] = center.Energy.CpuWattsPerCore;
            CenterWue[c] = center.Energy.WueLitresPerKwh;
            Carbon[c] = new SignalIntegral(center.Energy.CarbonIntensity);
            Renewable[c] = new SignalIntegral(center.Energy.RenewableShare);
            var multipliers = center.Pricing.HourOfDayMultipliers ?? [1.0];
            // Hour 0 of the multipliers is local midnight: start the periodic signal there.
            PriceShape[c] = new SignalIntegral(multipliers, -center.Pricing.UtcOffsetHours * 3600.0);
            foreach (var pool in center.Pools) pools.Add((c, pool));
        }

        CarbonMin = Carbon.Select(signal => signal.Min).ToArray();
        PriceShapeMin = PriceShape.Select(signal => signal.Min).ToArray();

        int poolCount = pools.Count;
        Pools = pools.Select(p => p.Pool).ToArray();
        PoolCenter = new int[poolCount];
        PoolModel = new int[poolCount];
        PoolCapacity = new Capacity.ResourceVector[poolCount];
        PoolAcceleratorsPerNode = new int[poolCount];
        PoolNodeCount = new int[poolCount];
        PoolIsCpu = new bool[poolCount];
        PoolPricePerAcceleratorHour = new double[poolCount];
        PoolPricePerCpuHour = new double[poolCount];
        PoolFeatures = new IReadOnlySet<string>[poolCount];
        for (int p = 0; p < poolCount; p++)
        {
            var (c, pool) = pools[p];
            PoolFeatures[p] = pool.Features;
            PoolCenter[p] = c;
            PoolModel[p] = ModelIndex[pool.AcceleratorModelId];
            PoolIsCpu[p] = Models[PoolModel[p]].Kind == ProcessorKind.Cpu;
            PoolAcceleratorsPerNode[p] = pool.AcceleratorsPerNode;
            PoolNodeCount[p] = pool.NodeCount;
            PoolCapacity[p] = new Capacity.ResourceVector(pool.TotalAccelerators, pool.TotalCpus, pool.TotalMemoryGiB);
            PoolPricePerAcceleratorHour[p] = pool.PerAcceleratorHourYuan ?? Centers[c].Pricing.PerAcceleratorHourYuan;
            PoolPricePerCpuHour[p] = Centers[c].Pricing.PerCpuHourYuan;
        }
        var poolsByCenter = Enumerable.Range(0, centerCount).Select(_ => new List<int>()).ToArray();
        for (int p = 0; p < poolCount; p++) poolsByCenter[PoolCenter[p]].Add(p);
        CenterPools = poolsByCenter.Select(list => list.ToArray()).ToArray();
        // Center and model facts repeated per pool, so the per-pool loops read one array each.
        PoolRegion = new int[poolCount];
        PoolLogInverseSpeed = new double[poolCount];
        PoolLogUnitCostMin = new double[poolCount];
        PoolLogUnitCarbonMin = new double[poolCount];
        PoolLogUnitWater = new double[poolCount];
        for (int p = 0; p < poolCount; p++)
        {
            int c = PoolCenter[p];
            PoolRegion[p] = CenterRegion[c];
            // A "unit" is an accelerator of an accelerator pool, a core of a CPU pool: logs of the
            // cheapest and cleanest hour-rates per unit, for the lower bounds of branch and bound.
            bool cpuPool = Models[PoolModel[p]].Kind == ProcessorKind.Cpu;
            double unitPrice = cpuPool ? Centers[c].Pricing.PerCpuHourYuan : (pools[p].Pool.PerAcceleratorHourYuan ?? Centers[c].Pricing.PerAcceleratorHourYuan);
            double unitKw = (cpuPool ? CenterCpuWattsPerCore[c] : Models[PoolModel[p]].BoardPowerWatts) / 1000.0;
            PoolLogInverseSpeed[p] = -Math.Log(Models[PoolModel[p]].RelativeSpeed);
            PoolLogUnitCostMin[p] = Math.Log(unitPrice * PriceShapeMin[c]);
            PoolLogUnitCarbonMin[p] = Math.Log(unitKw * CenterPue[c] * CarbonMin[c]);
            PoolLogUnitWater[p] = Math.Log(unitKw * CenterWue[c]);
        }
        // Ranks of ids in ordinal order: tie-breaks compare ints, not strings, in the hot loop.
        CenterIdRank = new int[centerCount];
        var byId = Enumerable.Range(0, centerCount).OrderBy(c => Centers[c].Id, StringComparer.Ordinal).ToArray();
        for (int rank = 0; rank < centerCount; rank++) CenterIdRank[byId[rank]] = rank;
        PoolIdRank = new int[poolCount];
        foreach (var poolsOfCenter in CenterPools)
        {
            var ordered = poolsOfCenter.OrderBy(p => Pools[p].Id, StringComparer.Ordinal).ToArray();
            for (int rank = 0; rank < ordered.Length; rank++) PoolIdRank[ordered[rank]] = rank;
        }
        ModelSpeed = Models.Select(m => m.RelativeSpeed).ToArray();
        ModelMemoryGiB = Models.Select(m => m.MemoryGiB).ToArray();
        ModelBoardWatts = Models.Select(m => m.BoardPowerWatts).ToArray();
        ModelKind = Models.Select(m => m.Kind).ToArray();
        TotalCapacity = PoolCapacity.Aggregate(default(Capacity.ResourceVector), (a, b) => a + b);
    }

    /// <summary>The definition this was compiled from.</summary>
    public NetworkDefinition Definition { get; }
    /// <summary>The definition's revision hash.</summary>
    public string Revision => Definition.Revision;
    /// <summary>Regions in definition order.</summary>
    public IReadOnlyList<Region> Regions { get; }
    /// <summary>Centers in definition order.</summary>
    public IReadOnlyList<Center> Centers { get; }
    /// <summary>Accelerator models in catalog order.</summary>
    public IReadOnlyList<AcceleratorModel> Models { get; }
    /// <summary>Region id → index.</summary>
    public IReadOnlyDictionary<string, int> RegionIndex { get; }
    /// <summary>Center id → index.</summary>
    public IReadOnlyDictionary<string, int> CenterIndex { get; }
    /// <summary>Model id → index (case-insensitive).</summary>
    public IReadOnlyDictionary<string, int> ModelIndex { get; }
    /// <summary>Residency zone → index (case-insensitive).</summary>
    public IReadOnlyDictionary<string, int> ZoneIndex { get; }
    /// <summary>Best paths between regions.</summary>
    public PathTable Paths { get; }

    /// <summary>Per center: region index.</summary>
    public int[] CenterRegion { get; }
    /// <summary>Per center: residency zone index.</summary>
    public int[] CenterZone { get; }
    /// <summary>Per center: sits in a western hub.</summary>
    public bool[] CenterIsWest { get; }
    /// <summary>Per center: PUE.</summary>
    public double[] CenterPue { get; }
    /// <summary>Per center: watts per busy CPU core.</summary>
    public double[] CenterCpuWattsPerCore { get; }
    /// <summary>Per center: water usage effectiveness, litres per kWh of IT energy.</summary>
    public double[] CenterWue { get; }
    /// <summary>Per center: grid carbon intensity, gCO₂/kWh.</summary>
    public SignalIntegral[] Carbon { get; }
    /// <summary>Per center: renewable share 0..1.</summary>
    public SignalIntegral[] Renewable { get; }
    /// <summary>Per center: hour-of-day price multiplier.</summary>
    public SignalIntegral[] PriceShape { get; }
    /// <summary>Per center: rank of its id in ordinal order (for order-independent tie-breaks).</summary>
    public int[] CenterIdRank { get; }
    /// <summary>Per pool: rank of its id among its center's pools in ordinal order.</summary>
    public int[] PoolIdRank { get; }
    /// <summary>Per center: its cleanest hour's carbon intensity (a lower bound of any run's mean).</summary>
    public double[] CarbonMin { get; }
    /// <summary>Per center: its cheapest hour-of-day multiplier.</summary>
    public double[] PriceShapeMin { get; }

    /// <summary>Per center: its pool indices.</summary>
    public int[][] CenterPools { get; }

    /// <summary>Per pool: its center's region index.</summary>
    public int[] PoolRegion { get; }
    /// <summary>Per pool: ln(1 ÷ relative speed).</summary>
    public double[] PoolLogInverseSpeed { get; }
    /// <summary>Per pool: ln of the cheapest hour's price of one unit (accelerator, or core for CPU pools) for one hour; −∞ when free.</summary>
    public double[] PoolLogUnitCostMin { get; }
    /// <summary>Per pool: ln of one unit's grams CO₂ per hour at the cleanest hour (board or core power × PUE × intensity).</summary>
    public double[] PoolLogUnitCarbonMin { get; }
    /// <summary>Per pool: ln of one unit's litres of water per hour (board or core power × WUE); −∞ for a dry-cooled center.</summary>
    public double[] PoolLogUnitWater { get; }
    /// <summary>Per pool: the pool definition.</summary>
    public NodePool[] Pools { get; }
    /// <summary>Per pool: owning center index.</summary>
    public int[] PoolCenter { get; }
    /// <summary>Per pool: accelerator model index.</summary>
    public int[] PoolModel { get; }
    /// <summary>Per pool: true for a CPU-only pool.</summary>
    public bool[] PoolIsCpu { get; }
    /// <summary>Per pool: accelerators per node.</summary>
    public int[] PoolAcceleratorsPerNode { get; }
    /// <summary>Per pool: nodes.</summary>
    public int[] PoolNodeCount { get; }
    /// <summary>Per pool: total capacity.</summary>
    public Capacity.ResourceVector[] PoolCapacity { get; }
    /// <summary>Per pool: the node features the network file gives it (a snapshot may add what the center reports).</summary>
    public IReadOnlySet<string>[] PoolFeatures { get; }
    /// <summary>Per pool: price per accelerator-hour, yuan.</summary>
    public double[] PoolPricePerAcceleratorHour { get; }
    /// <summary>Per pool: price per CPU-core-hour, yuan.</summary>
    public double[] PoolPricePerCpuHour { get; }
    /// <summary>Whole network's capacity.</summary>
    public Capacity.ResourceVector TotalCapacity { get; }

    /// <summary>Per model: relative speed.</summary>
    public double[] ModelSpeed { get; }
    /// <summary>Per model: device memory GiB.</summary>
    public double[] ModelMemoryGiB { get; }
    /// <summary>Per model: board power W.</summary>
    public double[] ModelBoardWatts { get; }
    /// <summary>Per model: processor kind.</summary>
    public ProcessorKind[] ModelKind { get; }

    /// <summary>Number of pools.</summary>
    public int PoolCount => Pools.Length;

    /// <summary>The index of pool <paramref name="poolId"/> of center <paramref name="centerId"/>, or -1 when there is no such pool.</summary>
    public int PoolIndexOf(string? centerId, string? poolId)
    {
        if (centerId is null || poolId is null || !CenterIndex.TryGetValue(centerId, out int center)) return -1;
        foreach (int pool in CenterPools[center])
            if (Pools[pool].Id == poolId) return pool;
        return -1;
    }
    /// <summary>Number of centers.</summary>
    public int CenterCount => Centers.Count;

    private readonly Dictionary<string, int[]> _modelsByName;

    /// <summary>
    /// The indices of the models a job's accelerator name stands for, as <see cref="AcceleratorCatalog.Resolve"/> says:
    /// the model with that id, else every model with that alias (case-insensitive); empty when none.
    /// </summary>
    public ReadOnlySpan<int> ResolveModels(string name) => _modelsByName.TryGetValue(name, out var models) ? models : [];

    // Ids win over aliases: aliases first, then each id overwrites its own entry.
    private static Dictionary<string, int[]> ModelNames(IReadOnlyList<AcceleratorModel> models, IReadOnlyDictionary<string, int> ids)
    {
        var names = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (int m = 0; m < models.Count; m++)
            foreach (string alias in models[m].Aliases)
            {
                if (!names.TryGetValue(alias, out var list)) names[alias] = list = [];
                if (!list.Contains(m)) list.Add(m);
            }
        var resolved = names.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        foreach (var (id, index) in ids) resolved[id] = [index];
        return resolved;
    }

    private static Dictionary<string, int> Index(IEnumerable<string> ids, IEqualityComparer<string>? comparer = null)
    {
        var map = new Dictionary<string, int>(comparer ?? StringComparer.Ordinal);
        int i = 0;
        foreach (var id in ids) map[id] = i++;
        return map;
    }
}
