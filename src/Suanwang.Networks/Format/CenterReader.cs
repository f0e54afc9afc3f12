using Suanwang.Model.Network;

namespace Suanwang.Networks.Format;

/// <summary>Reads one entry of <c>centers</c>: pools, pricing, energy and engine settings.</summary>
internal sealed class CenterReader(SignalReader signals, AcceleratorCatalog catalog, IReadOnlyList<Region> regions)
{
    /// <summary>Default local time offset: China Standard Time.</summary>
    public const double DefaultUtcOffsetHours = 8;

    /// <summary>Default host power per busy CPU core, watts.</summary>
    public const double DefaultCpuWattsPerCore = 10;

    public Center Read(YNode node, FieldPath path, ErrorList errors)
    {
        var map = MapReader.Open(node, path, errors, FieldNames.Center);
        if (map is null) return Placeholder();

        string id = map.String("id", required: true) ?? "";
        string name = map.String("name", required: true) ?? id;
        string? nameZh = map.String("nameZh", required: false);
        string regionId = map.String("region", required: true) ?? "";
        string backend = ReadBackend(map, errors);
        var region = regions.FirstOrDefault(r => r.Id == regionId);
        double lat = map.Number("lat", required: false) ?? region?.Latitude ?? 0;
        double lon = map.Number("lon", required: false) ?? region?.Longitude ?? 0;
        // "unknown" keeps the validator from adding a second error when the region itself is wrong.
        string residency = map.String("residencyZone", required: false) ?? region?.ResidencyZone ?? "unknown";

        var poolPrices = new List<(double Accelerators, double? Price)>();
        var pools = ReadPools(map, errors, poolPrices);
        var pricing = ReadPricing(map, errors, poolPrices);
        var energy = ReadEnergy(map, errors, pricing.UtcOffsetHours);
        var engine = map.StringMap("engine") ?? new SortedDictionary<string, string>();

        return new Center(id, name, nameZh, regionId, backend, pools, pricing, energy, residency, lat, lon, engine);
    }

    // Any well-formed engine name: which engines exist is the broker's to say (it refuses a name it has no engine for);
    // the simulator runs no engine. Written in any case, kept in lower case.
    private static string ReadBackend(MapReader map, ErrorList errors)
    {
        string? text = map.String("backend", required: true);
        if (text is null) return "";
        string name = text.Trim().ToLowerInvariant();
        if (EngineNames.IsValid(name)) return name;
        errors.Add(map.PathOf("backend"), map.Node("backend")!.Line, $"'{text}' is not an engine name ({EngineNames.Rule}), e.g. local or slurm");
        return "";
    }

    private List<NodePool> ReadPools(MapReader center, ErrorList errors, List<(double, double?)> poolPrices)
    {
        var pools = new List<NodePool>();
        var items = center.List("pools", required: true);
        if (items is null) return pools;
        for (int i = 0; i < items.Count; i++)
        {
            var path = center.PathOf("pools").Item(i, NetworkFileReader.PeekId(items[i]));
            var map = MapReader.Open(items[i], path, errors, FieldNames.Pool);
            if (map is null)
            {
                pools.Add(new NodePool("", "", 0, 1, 1, 1));
                continue;
            }
            string id = map.String("id", required: true) ?? "";
            string accelerator = map.String("accelerator", required: true) ?? "";
            var model = catalog.Find(accelerator);
            // A CPU pool's "accelerator" is the core model; it has no devices, so the count may be left out.
            bool isCpu = model?.Kind == ProcessorKind.Cpu;
            int perNode = map.Integer("acceleratorsPerNode", required: model is not null && !isCpu) ?? 0;
            int cpus = map.Integer("cpusPerNode", required: true) ?? 1;
            double memory = map.Number("memoryGiBPerNode", required: true) ?? 1;
            int nodes = map.Integer("nodes", required: true) ?? 1;
            double? price = map.Number("perAcceleratorHourYuan", required: false);
            if (price is not null && isCpu)
                errors.Add(map.PathOf("perAcceleratorHourYuan"), "a CPU pool has no accelerators; its cores are priced by pricing.perCpuHourYuan");
            else if (price < 0)
                errors.Add(map.PathOf("perAcceleratorHourYuan"), $"must not be negative, got {price}");
            if (perNode > 0) poolPrices.Add(((double)perNode * Math.Max(nodes, 0), price)); // double: int counts may be huge in bad input
            var features = map.WordList("features", FeatureNames.IsValid, $"a node feature name is {FeatureNames.Rule}, as Slurm writes them", FeatureNames.Comparer);
            pools.Add(new NodePool(id, accelerator, perNode, cpus, memory, nodes)
            {
                PerAcceleratorHourYuan = isCpu ? null : price,
                Features = features is null ? FeatureNames.None : FeatureNames.SetOf(features),
            });
        }
        return pools;
    }

    private static Pricing ReadPricing(MapReader center, ErrorList errors, List<(double Accelerators, double? Price)> poolPrices)
    {
        var map = MapReader.Open(center.Node("pricing"), center.PathOf("pricing"), errors, FieldNames.Pricing);
        if (map is null) return new Pricing(0, 0, null, DefaultUtcOffsetHours);

        double? perAccelerator = map.Number("perAcceleratorHourYuan", required: false);
        if (perAccelerator is null && !map.Has("perAcceleratorHourYuan"))
        {
            // Without a center-wide price, every accelerator pool states its own; the center's figure
            // (shown in listings) is then their accelerator-weighted mean.
            double total = poolPrices.Sum(p => p.Accelerators);
            if (total == 0) perAccelerator = 0;
            else if (poolPrices.All(p => p.Price is not null))
                perAccelerator = poolPrices.Sum(p => p.Accelerators * p.Price!.Value) / total;
            else
                map.ReportMissing("perAcceleratorHourYuan", "give it here, or give every accelerator pool its own perAcceleratorHourYuan");
        }
        double perCpu = map.Number("perCpuHourYuan", required: true) ?? 0;
        var hours = map.NumberList("hourOfDay", required: false);
        double offset = map.Number("utcOffsetHours", required: false) ?? DefaultUtcOffsetHours;
        return new Pricing(perAccelerator ?? 0, perCpu, hours, offset);
    }

    private EnergyProfile ReadEnergy(MapReader center, ErrorList errors, double utcOffsetHours)
    {
        var map = MapReader.Open(center.Node("energy"), center.PathOf("energy"), errors, FieldNames.Energy);
        if (map is null) return new EnergyProfile(1, Invalid, Invalid, DefaultCpuWattsPerCore);

        double pue = map.Number("pue", required: true) ?? 1;
        // Signals get the center's local offset (from pricing) so a daily shape's hour 0 is local midnight.
        var carbon = signals.ReadCarbon(map.Node("carbon"), map.PathOf("carbon"), errors, ValidOffset(utcOffsetHours));
        var renewable = signals.ReadRenewable(map.Node("renewable"), map.PathOf("renewable"), errors, ValidOffset(utcOffsetHours));
        double cpuWatts = map.Number("cpuWattsPerCore", required: false) ?? DefaultCpuWattsPerCore;
        double wue = map.Number("wue", required: false) ?? EnergyProfile.DefaultWueLitresPerKwh;
        return new EnergyProfile(pue, carbon ?? Invalid, renewable ?? Invalid, cpuWatts, wue);
    }

    private static double ValidOffset(double hours) => hours is >= -12 and <= 14 ? hours : DefaultUtcOffsetHours;

    /// <summary>Stands in for a signal that could not be read (its errors are already reported).</summary>
    private static HourlySignal Invalid { get; } = HourlySignal.Flat(0, SignalProvenance.Annual, "invalid");

    private static Center Placeholder() =>
        new("", "", null, "", "", Array.Empty<NodePool>(),
            new Pricing(0, 0, null, DefaultUtcOffsetHours),
            new EnergyProfile(1, Invalid, Invalid, DefaultCpuWattsPerCore),
            "unknown", 0, 0, new SortedDictionary<string, string>());
}
