using System.Text.RegularExpressions;
using Suanwang.Model.Errors;
using Suanwang.Model.Network;
using Suanwang.Networks.Format;

namespace Suanwang.Networks.Validation;

/// <summary>
/// The rules a network must keep, checked on the model itself so that networks built in code
/// (synthetic benchmarks, what-if edits) are held to the same rules as loaded files.
/// Locations are field paths such as <c>centers[3](qingyang).pools[0](a100).accelerator</c>.
/// </summary>
public static partial class NetworkValidator
{
    /// <summary>Every rule broken by <paramref name="network"/>; empty when it is valid.</summary>
    public static IReadOnlyList<SpecError> Validate(NetworkDefinition network)
    {
        var errors = new ErrorList();
        foreach (var (path, message) in Check(network)) errors.Add(path, message);
        return errors.ToSpecErrors();
    }

    /// <summary>Throws <see cref="SpecException"/> listing every broken rule, if any.</summary>
    public static void ThrowIfInvalid(NetworkDefinition network, string what)
    {
        var errors = Validate(network);
        if (errors.Count > 0) throw new SpecException(what, errors);
    }

    /// <summary>Ids are what users type in job specs and CLIs: letters, digits, '.', '_' and '-'.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();

    internal static IEnumerable<(FieldPath Path, string Message)> Check(NetworkDefinition n)
    {
        var root = FieldPath.Root;
        foreach (var e in CheckId(n.Id, root.Field("id"))) yield return e;

        // Catalog.
        var catalogPath = root.Field("catalog");
        var modelIds = n.Catalog.Models.Select(m => m.Id).ToList();
        var reference = n.Catalog.Find(n.Catalog.ReferenceModelId);
        if (reference is null)
            yield return (catalogPath.Field("referenceModel"), $"'{n.Catalog.ReferenceModelId}' is not one of the catalog's models{DidYouMean.Hint(n.Catalog.ReferenceModelId, modelIds)}");
        else if (Math.Abs(reference.RelativeSpeed - 1.0) > 1e-9)
            yield return (catalogPath.Field("referenceModel"), $"the reference model '{reference.Id}' must have relativeSpeed 1.0 (it has {reference.RelativeSpeed}); other speeds are relative to it");
        if (n.Catalog.Models.Count == 0)
            yield return (catalogPath.Field("models"), "the catalog needs at least one model");
        var seenModels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < n.Catalog.Models.Count; i++)
        {
            var m = n.Catalog.Models[i];
            var p = catalogPath.Field("models").Item(i, m.Id);
            foreach (var e in CheckId(m.Id, p.Field("id"))) yield return e;
            if (Duplicate(seenModels, m.Id, i) is int first)
                yield return (p.Field("id"), $"model id '{m.Id}' is already used by catalog.models[{first}]");
            if (!(m.RelativeSpeed > 0)) yield return (p.Field("relativeSpeed"), $"must be greater than 0, got {m.RelativeSpeed}");
            if (m.MemoryGiB < 0) yield return (p.Field("memoryGiB"), $"must not be negative, got {m.MemoryGiB}");
            if (m.Kind != ProcessorKind.Cpu && !(m.MemoryGiB > 0)) yield return (p.Field("memoryGiB"), $"a {m.Kind.ToString().ToLowerInvariant()} needs device memory greater than 0, got {m.MemoryGiB}");
            if (m.BoardPowerWatts < 0) yield return (p.Field("boardPowerWatts"), $"must not be negative, got {m.BoardPowerWatts}");
            foreach (var e in CheckAliases(n.Catalog, m, p.Field("aliases"))) yield return e;
        }

        // Regions.
        var regionsPath = root.Field("regions");
        if (n.Regions.Count == 0) yield return (regionsPath, "a network needs at least one region");
        var seenRegions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n.Regions.Count; i++)
        {
            var r = n.Regions[i];
            var p = regionsPath.Item(i, r.Id);
            foreach (var e in CheckId(r.Id, p.Field("id"))) yield return e;
            if (Duplicate(seenRegions, r.Id, i) is int first)
                yield return (p.Field("id"), $"region id '{r.Id}' is already used by regions[{first}]");
            foreach (var e in CheckCoordinates(r.Latitude, r.Longitude, p)) yield return e;
            foreach (var e in CheckId(r.ResidencyZone, p.Field("residencyZone"))) yield return e;
        }
        var regionIds = n.Regions.Select(r => r.Id).ToList();
        bool RegionExists(string id) => seenRegions.ContainsKey(id);

        // Links.
        var linksPath = root.Field("links");
        var seenPairs = new Dictionary<(string, string), int>();
        for (int i = 0; i < n.Links.Count; i++)
        {
            var l = n.Links[i];
            var p = linksPath.Item(i);
            foreach (var end in new[] { l.FromRegionId, l.ToRegionId })
            {
                if (!RegionExists(end))
                    yield return (p.Field("between"), $"region '{end}' is not defined in regions{DidYouMean.Hint(end, regionIds)}");
            }
            if (l.FromRegionId == l.ToRegionId)
                yield return (p.Field("between"), $"a link joins two different regions; both ends are '{l.FromRegionId}' (use intraRegion for transfers inside a region)");
            var pair = string.CompareOrdinal(l.FromRegionId, l.ToRegionId) <= 0 ? (l.FromRegionId, l.ToRegionId) : (l.ToRegionId, l.FromRegionId);
            if (!seenPairs.TryAdd(pair, i))
                yield return (p.Field("between"), $"regions '{pair.Item1}' and '{pair.Item2}' are already linked by links[{seenPairs[pair]}]");
            foreach (var e in CheckLinkNumbers(l.LatencyMs, l.BandwidthGbps, l.PricePerGbYuan, p)) yield return e;
        }
        foreach (var e in CheckLinkNumbers(n.IntraRegion.LatencyMs, n.IntraRegion.BandwidthGbps, n.IntraRegion.PricePerGbYuan, root.Field("intraRegion"))) yield return e;

        // Tiers.
        var tiersPath = root.Field("tiers");
        var seenTiers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < n.FairShare.Tiers.Count; i++)
        {
            var t = n.FairShare.Tiers[i];
            var p = tiersPath.Item(i, t.Name);
            foreach (var e in CheckId(t.Name, p.Field("name"))) yield return e;
            if (Duplicate(seenTiers, t.Name, i) is int first)
                yield return (p.Field("name"), $"tier '{t.Name}' is already defined by tiers[{first}]");
            if (!(t.GuaranteedShare >= 0 && t.GuaranteedShare <= 1))
                yield return (p.Field("guaranteedShare"), $"must be within 0..1, got {t.GuaranteedShare}");
            if (!(t.Weight > 0)) yield return (p.Field("weight"), $"must be greater than 0, got {t.Weight}");
        }
        double guaranteed = n.FairShare.Tiers.Sum(t => t.GuaranteedShare);
        if (guaranteed > 1 + 1e-9)
            yield return (tiersPath, $"the guaranteed shares add up to {guaranteed:0.###}; they must not exceed 1");

        // Centers.
        var centersPath = root.Field("centers");
        if (n.Centers.Count == 0) yield return (centersPath, "a network needs at least one center");
        var seenCenters = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n.Centers.Count; i++)
        {
            var c = n.Centers[i];
            var p = centersPath.Item(i, c.Id);
            foreach (var e in CheckId(c.Id, p.Field("id"))) yield return e;
            if (Duplicate(seenCenters, c.Id, i) is int first)
                yield return (p.Field("id"), $"center id '{c.Id}' is already used by centers[{first}]");
            if (!RegionExists(c.RegionId))
                yield return (p.Field("region"), $"region '{c.RegionId}' is not defined in regions{DidYouMean.Hint(c.RegionId, regionIds)}");
            foreach (var e in CheckCoordinates(c.Latitude, c.Longitude, p)) yield return e;
            foreach (var e in CheckId(c.ResidencyZone, p.Field("residencyZone"))) yield return e;
            foreach (var e in CheckPools(c, p, n.Catalog)) yield return e;
            foreach (var e in CheckPricing(c.Pricing, p.Field("pricing"))) yield return e;
            foreach (var e in CheckEnergy(c.Energy, p.Field("energy"))) yield return e;
            foreach (var key in c.Engine.Keys.Where(k => string.IsNullOrWhiteSpace(k)))
                yield return (p.Field("engine"), "engine setting names must not be empty");
        }

        foreach (var e in CheckConnectivity(n, regionsPath)) yield return e;
    }

    private static IEnumerable<(FieldPath, string)> CheckPools(Center c, FieldPath centerPath, AcceleratorCatalog catalog)
    {
        var poolsPath = centerPath.Field("pools");
        if (c.Pools.Count == 0) yield return (poolsPath, "a center needs at least one pool");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < c.Pools.Count; i++)
        {
            var pool = c.Pools[i];
            var p = poolsPath.Item(i, pool.Id);
            foreach (var e in CheckId(pool.Id, p.Field("id"))) yield return e;
            if (Duplicate(seen, pool.Id, i) is int first)
                yield return (p.Field("id"), $"pool id '{pool.Id}' is already used by pools[{first}] of this center");
            var model = catalog.Find(pool.AcceleratorModelId);
            if (model is null)
                yield return (p.Field("accelerator"), $"'{pool.AcceleratorModelId}' is not in the catalog{DidYouMean.Hint(pool.AcceleratorModelId, catalog.Models.Select(m => m.Id))}");
            else if (model.Kind == ProcessorKind.Cpu && pool.AcceleratorsPerNode != 0)
                yield return (p.Field("acceleratorsPerNode"), $"'{model.Id}' is a CPU model: a CPU pool has 0 accelerators per node (its cores are cpusPerNode), got {pool.AcceleratorsPerNode}");
            else if (model.Kind != ProcessorKind.Cpu && pool.AcceleratorsPerNode < 1)
                yield return (p.Field("acceleratorsPerNode"), $"must be at least 1 for a {model.Kind.ToString().ToLowerInvariant()} pool, got {pool.AcceleratorsPerNode}");
            if (pool.CpusPerNode < 1) yield return (p.Field("cpusPerNode"), $"must be at least 1, got {pool.CpusPerNode}");
            if (!(pool.MemoryGiBPerNode > 0)) yield return (p.Field("memoryGiBPerNode"), $"must be greater than 0, got {pool.MemoryGiBPerNode}");
            if (pool.NodeCount < 1) yield return (p.Field("nodes"), $"must be at least 1, got {pool.NodeCount}");
            foreach (string feature in pool.Features.Order(StringComparer.Ordinal))
                if (!FeatureNames.IsValid(feature))
                    yield return (p.Field("features"), $"'{feature}' is not a node feature name ({FeatureNames.Rule}, as Slurm writes them)");
        }
    }

    // An alias is what a job may write instead of an id; one that is another model's id could never be reached (ids win).
    private static IEnumerable<(FieldPath, string)> CheckAliases(AcceleratorCatalog catalog, AcceleratorModel model, FieldPath path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < model.Aliases.Count; i++)
        {
            string alias = model.Aliases[i];
            var p = path.Item(i);
            if (!IdPattern().IsMatch(alias)) yield return (p, $"'{alias}' is not a valid alias: letters, digits, '.', '_' and '-', starting with a letter or digit");
            else if (!seen.Add(alias)) yield return (p, $"'{alias}' is given twice for this model");
            else if (catalog.Find(alias) is { } other && other.Id != model.Id)
                yield return (p, $"'{alias}' is the id of model '{other.Id}'; a job naming it gets that model, so it cannot also be an alias of '{model.Id}'");
        }
    }

    private static IEnumerable<(FieldPath, string)> CheckPricing(Pricing pricing, FieldPath p)
    {
        if (pricing.PerAcceleratorHourYuan < 0) yield return (p.Field("perAcceleratorHourYuan"), $"must not be negative, got {pricing.PerAcceleratorHourYuan}");
        if (pricing.PerCpuHourYuan < 0) yield return (p.Field("perCpuHourYuan"), $"must not be negative, got {pricing.PerCpuHourYuan}");
        if (pricing.HourOfDayMultipliers is { } hours)
        {
            if (hours.Count != 24)
                yield return (p.Field("hourOfDay"), $"needs exactly 24 multipliers (local hours 0..23), got {hours.Count}");
            for (int h = 0; h < hours.Count; h++)
            {
                if (!(hours[h] >= 0)) yield return (p.Field("hourOfDay").Item(h), $"must not be negative, got {hours[h]}");
            }
        }
        if (!(pricing.UtcOffsetHours >= -12 && pricing.UtcOffsetHours <= 14))
            yield return (p.Field("utcOffsetHours"), $"must be within -12..14, got {pricing.UtcOffsetHours}");
    }

    // WUE is litres per kWh of IT energy: 0 (dry cooling) to about 5 for evaporative cooling in a hot climate;
    // far above that is a unit mistake (litres per MWh, or per day).
    private const double MaxWueLitresPerKwh = 20;

    private static IEnumerable<(FieldPath, string)> CheckEnergy(EnergyProfile energy, FieldPath p)
    {
        if (!(energy.Pue >= 1.0)) yield return (p.Field("pue"), $"PUE (facility energy / IT energy) is at least 1.0, got {energy.Pue}");
        if (!(energy.CpuWattsPerCore >= 0)) yield return (p.Field("cpuWattsPerCore"), $"must not be negative, got {energy.CpuWattsPerCore}");
        if (!(energy.WueLitresPerKwh is >= 0 and <= MaxWueLitresPerKwh))
            yield return (p.Field("wue"), $"water usage effectiveness is litres of water per kWh of IT energy, from 0 (dry cooling) to {MaxWueLitresPerKwh}; got {energy.WueLitresPerKwh}");
        foreach (var e in CheckSignal(energy.CarbonIntensity, p.Field("carbon"), 0, double.PositiveInfinity, "gCO₂/kWh")) yield return e;
        foreach (var e in CheckSignal(energy.RenewableShare, p.Field("renewable"), 0, 1, "share")) yield return e;
    }

    private static IEnumerable<(FieldPath, string)> CheckSignal(HourlySignal signal, FieldPath p, double min, double max, string unit)
    {
        if (signal.Values.Count == 0)
        {
            yield return (p, "the signal has no values");
            yield break;
        }
        for (int i = 0; i < signal.Values.Count; i++)
        {
            double v = signal.Values[i];
            if (!(double.IsFinite(v) && v >= min && v <= max))
            {
                string range = double.IsPositiveInfinity(max) ? $"at least {min}" : $"within {min}..{max}";
                yield return (p, $"{unit} values must be {range}; hour {i} has {v}");
                yield break; // one message per signal is enough to find the bad input
            }
        }
    }

    private static IEnumerable<(FieldPath, string)> CheckConnectivity(NetworkDefinition n, FieldPath regionsPath)
    {
        // Every region that holds a center must reach every other region through links
        // (possibly several hops), or data could never move between them.
        var ids = n.Regions.Select(r => r.Id).Distinct().ToList();
        var centerRegions = n.Centers.Select(c => c.RegionId).Where(ids.Contains).ToHashSet();
        if (centerRegions.Count == 0 || ids.Count < 2) yield break;
        // A link with an unknown end is already an error, and its fix may well connect the graph:
        // judge connectivity only once every link is sound.
        if (n.Links.Any(l => !ids.Contains(l.FromRegionId) || !ids.Contains(l.ToRegionId))) yield break;

        var neighbours = ids.ToDictionary(id => id, _ => new List<string>());
        foreach (var l in n.Links)
        {
            if (neighbours.ContainsKey(l.FromRegionId) && neighbours.ContainsKey(l.ToRegionId))
            {
                neighbours[l.FromRegionId].Add(l.ToRegionId);
                neighbours[l.ToRegionId].Add(l.FromRegionId);
            }
        }
        string start = n.Centers.Select(c => c.RegionId).First(centerRegions.Contains);
        var reached = new HashSet<string> { start };
        var queue = new Queue<string>(new[] { start });
        while (queue.Count > 0)
        {
            foreach (var next in neighbours[queue.Dequeue()])
            {
                if (reached.Add(next)) queue.Enqueue(next);
            }
        }
        for (int i = 0; i < n.Regions.Count; i++)
        {
            var r = n.Regions[i];
            if (reached.Contains(r.Id) || !ids.Contains(r.Id)) continue;
            string message = centerRegions.Contains(r.Id)
                ? $"region '{r.Id}' holds centers but no chain of links connects it to region '{start}'"
                : $"region '{r.Id}' is not connected by any chain of links to region '{start}', which holds centers";
            yield return (regionsPath.Item(i, r.Id), message);
        }
    }

    private static IEnumerable<(FieldPath, string)> CheckCoordinates(double lat, double lon, FieldPath p)
    {
        if (!(lat >= -90 && lat <= 90)) yield return (p.Field("lat"), $"latitude must be within -90..90, got {lat}");
        if (!(lon >= -180 && lon <= 180)) yield return (p.Field("lon"), $"longitude must be within -180..180, got {lon}");
    }

    private static IEnumerable<(FieldPath, string)> CheckLinkNumbers(double latencyMs, double bandwidthGbps, double pricePerGbYuan, FieldPath p)
    {
        if (!(latencyMs >= 0)) yield return (p.Field("latencyMs"), $"must not be negative, got {latencyMs}");
        if (!(bandwidthGbps > 0)) yield return (p.Field("bandwidthGbps"), $"must be greater than 0, got {bandwidthGbps}");
        if (!(pricePerGbYuan >= 0)) yield return (p.Field("pricePerGbYuan"), $"must not be negative, got {pricePerGbYuan}");
    }

    private static IEnumerable<(FieldPath, string)> CheckId(string? id, FieldPath p)
    {
        if (string.IsNullOrEmpty(id)) yield return (p, "must not be empty");
        else if (!IdPattern().IsMatch(id)) yield return (p, $"'{id}' is not a valid id: use letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    private static int? Duplicate(Dictionary<string, int> seen, string id, int index)
    {
        if (string.IsNullOrEmpty(id)) return null;
        if (seen.TryGetValue(id, out int first)) return first;
        seen[id] = index;
        return null;
    }
}
