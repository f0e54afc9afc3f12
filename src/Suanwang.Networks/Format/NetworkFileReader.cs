using Suanwang.Model.Network;

namespace Suanwang.Networks.Format;

/// <summary>
/// Turns the YAML tree of a network file into the model. Reports syntax-level problems (unknown,
/// missing or mistyped fields, bad series files) and fills in placeholders so that reading goes on;
/// the semantic rules are left to <see cref="Validation.NetworkValidator"/>.
/// </summary>
internal sealed class NetworkFileReader(SignalReader signals)
{
    /// <summary>Default transfer inside a region: 1 ms (the national "city computing network" target), 100 Gbps, free.</summary>
    public static readonly IntraRegionLink DefaultIntraRegion = new(1, 100, 0);

    public NetworkDefinition Read(YNode? root, ErrorList errors)
    {
        if (root is null || root is YScalar { IsNull: true })
        {
            errors.Add(FieldPath.Root, root?.Line, "the file is empty; a network file is a YAML mapping starting with 'id:'");
            return Empty();
        }
        var map = MapReader.Open(root, FieldPath.Root, errors, FieldNames.Network);
        if (map is null) return Empty();

        string id = map.String("id", required: true) ?? "";
        string description = map.String("description", required: false)?.Trim() ?? "";
        var catalog = ReadCatalog(map, errors);
        var regions = ReadRegions(map, errors);
        var links = ReadLinks(map, errors);
        var intra = ReadIntraRegion(map, errors);
        var tiers = ReadTiers(map, errors);
        var centers = ReadCenters(map, errors, catalog, regions);
        // The revision is set by the loader once every input file is known.
        return new NetworkDefinition(id, description, "", catalog, regions, links, intra, centers, tiers);
    }

    /// <summary>The <c>id</c> of a list item, if it has a readable one (used to label paths).</summary>
    public static string? PeekId(YNode node, string field = "id") =>
        node is YMapping m
            ? m.Entries.FirstOrDefault(e => e.Key.Value == field).Value is YScalar { IsNull: false } s ? s.Value : null
            : null;

    private static AcceleratorCatalog ReadCatalog(MapReader network, ErrorList errors)
    {
        var map = MapReader.Open(network.Node("catalog"), network.PathOf("catalog"), errors, FieldNames.Catalog);
        if (map is null) return new AcceleratorCatalog("", Array.Empty<AcceleratorModel>());
        string reference = map.String("referenceModel", required: true) ?? "";
        var models = new List<AcceleratorModel>();
        var items = map.List("models", required: true) ?? Array.Empty<YNode>();
        for (int i = 0; i < items.Count; i++)
        {
            var m = MapReader.Open(items[i], map.PathOf("models").Item(i, PeekId(items[i])), errors, FieldNames.Model);
            if (m is null)
            {
                models.Add(new AcceleratorModel("", "", ProcessorKind.Gpu, "", 1, 1, 0));
                continue;
            }
            string id = m.String("id", required: true) ?? "";
            string name = m.String("name", required: true) ?? id;
            var kind = m.Choice("kind", required: true, Choices.Kind) ?? ProcessorKind.Gpu;
            string vendor = m.String("vendor", required: false) ?? "";
            double speed = m.Number("relativeSpeed", required: true) ?? 1;
            // A CPU "model" is one core: no device memory of its own.
            double memory = m.Number("memoryGiB", required: kind != ProcessorKind.Cpu) ?? (kind == ProcessorKind.Cpu ? 0 : 1);
            double watts = m.Number("boardPowerWatts", required: true) ?? 0;
            // Alias rules (form, clashes with ids) are the validator's, so networks built in code keep them too.
            var aliases = m.WordList("aliases", _ => true, "", StringComparer.Ordinal) ?? [];
            models.Add(new AcceleratorModel(id, name, kind, vendor, speed, memory, watts) { Aliases = aliases });
        }
        return new AcceleratorCatalog(reference, models);
    }

    private static List<Region> ReadRegions(MapReader network, ErrorList errors)
    {
        var regions = new List<Region>();
        var items = network.List("regions", required: true) ?? Array.Empty<YNode>();
        for (int i = 0; i < items.Count; i++)
        {
            var m = MapReader.Open(items[i], network.PathOf("regions").Item(i, PeekId(items[i])), errors, FieldNames.Region);
            if (m is null)
            {
                regions.Add(new Region("", "", null, RegionRole.Other, 0, 0, "unknown"));
                continue;
            }
            string id = m.String("id", required: true) ?? "";
            string name = m.String("name", required: true) ?? id;
            string? nameZh = m.String("nameZh", required: false);
            var role = m.Choice("role", required: true, Choices.Role) ?? RegionRole.Other;
            double lat = m.Number("lat", required: true) ?? 0;
            double lon = m.Number("lon", required: true) ?? 0;
            string residency = m.String("residencyZone", required: true) ?? "unknown";
            regions.Add(new Region(id, name, nameZh, role, lat, lon, residency));
        }
        return regions;
    }

    private static List<Link> ReadLinks(MapReader network, ErrorList errors)
    {
        var links = new List<Link>();
        var items = network.List("links", required: false) ?? Array.Empty<YNode>();
        for (int i = 0; i < items.Count; i++)
        {
            var m = MapReader.Open(items[i], network.PathOf("links").Item(i), errors, FieldNames.Link);
            if (m is null)
            {
                // Placeholders keep indexes aligned with the file; their errors are reported already.
                links.Add(new Link("", "", 0, 1, 0));
                continue;
            }
            string from = "", to = "";
            var between = m.List("between", required: true);
            if (between is not null)
            {
                if (between.Count == 2 && between.All(b => b is YScalar { IsNull: false }))
                {
                    from = ((YScalar)between[0]).Value;
                    to = ((YScalar)between[1]).Value;
                }
                else
                {
                    errors.Add(m.PathOf("between"), $"expected two region ids, e.g. [beijing, guizhou]; got {between.Count} entr{(between.Count == 1 ? "y" : "ies")}");
                }
            }
            double latency = m.Number("latencyMs", required: true) ?? 0;
            double bandwidth = m.Number("bandwidthGbps", required: true) ?? 1;
            double price = m.Number("pricePerGbYuan", required: false) ?? 0;
            links.Add(new Link(from, to, latency, bandwidth, price));
        }
        return links;
    }

    private static IntraRegionLink ReadIntraRegion(MapReader network, ErrorList errors)
    {
        var m = MapReader.Open(network.Node("intraRegion"), network.PathOf("intraRegion"), errors, FieldNames.IntraRegion, required: false);
        if (m is null) return DefaultIntraRegion;
        return new IntraRegionLink(
            m.Number("latencyMs", required: false) ?? DefaultIntraRegion.LatencyMs,
            m.Number("bandwidthGbps", required: false) ?? DefaultIntraRegion.BandwidthGbps,
            m.Number("pricePerGbYuan", required: false) ?? DefaultIntraRegion.PricePerGbYuan);
    }

    private static FairShareSettings ReadTiers(MapReader network, ErrorList errors)
    {
        var items = network.List("tiers", required: false);
        if (items is null) return FairShareSettings.Default;
        var tiers = new List<TierPolicy>();
        for (int i = 0; i < items.Count; i++)
        {
            var m = MapReader.Open(items[i], network.PathOf("tiers").Item(i, PeekId(items[i], "name")), errors, FieldNames.Tier);
            if (m is null)
            {
                tiers.Add(new TierPolicy("", 0, 1));
                continue;
            }
            tiers.Add(new TierPolicy(
                m.String("name", required: true) ?? "",
                m.Number("guaranteedShare", required: true) ?? 0,
                m.Number("weight", required: true) ?? 1));
        }
        return new FairShareSettings(tiers);
    }

    private List<Center> ReadCenters(MapReader network, ErrorList errors, AcceleratorCatalog catalog, IReadOnlyList<Region> regions)
    {
        var centers = new List<Center>();
        var reader = new CenterReader(signals, catalog, regions);
        var items = network.List("centers", required: true) ?? Array.Empty<YNode>();
        for (int i = 0; i < items.Count; i++)
            centers.Add(reader.Read(items[i], network.PathOf("centers").Item(i, PeekId(items[i])), errors));
        return centers;
    }

    private static NetworkDefinition Empty() =>
        new("", "", "", new AcceleratorCatalog("", Array.Empty<AcceleratorModel>()), Array.Empty<Region>(),
            Array.Empty<Link>(), DefaultIntraRegion, Array.Empty<Center>(), FairShareSettings.Default);
}
