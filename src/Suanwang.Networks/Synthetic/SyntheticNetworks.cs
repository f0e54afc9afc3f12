using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Suanwang.Model.Network;
using Suanwang.Networks.Geography;
using Suanwang.Networks.Validation;

namespace Suanwang.Networks.Synthetic;

/// <summary>
/// Generates made-up networks of any size for benchmarks and property tests. The same
/// (centerCount, seed) always gives the same network, field for field: all randomness comes from
/// one <see cref="Random"/> seeded with <c>seed</c>.
/// </summary>
public static class SyntheticNetworks
{
    /// <summary>Bumped whenever the generator changes, so revisions of old and new output differ.</summary>
    public const int GeneratorVersion = 1;

    private static readonly AcceleratorCatalog Catalog = new("v100-32g", new[]
    {
        new AcceleratorModel("v100-32g", "NVIDIA V100 SXM2 32GB", ProcessorKind.Gpu, "NVIDIA", 1.0, 32, 300),
        new AcceleratorModel("a100-80g", "NVIDIA A100 SXM4 80GB", ProcessorKind.Gpu, "NVIDIA", 2.5, 80, 400),
        new AcceleratorModel("h800-80g", "NVIDIA H800 SXM5 80GB", ProcessorKind.Gpu, "NVIDIA", 5.5, 80, 700),
        new AcceleratorModel("ascend-910b", "Huawei Ascend 910B 64GB", ProcessorKind.Npu, "Huawei", 2.0, 64, 400),
        new AcceleratorModel("x86-core", "x86 server core", ProcessorKind.Cpu, "Intel/AMD", 1.0, 0, 6),
    });

    // Per-model list price, yuan per accelerator-hour, before the east/west factor.
    private static readonly Dictionary<string, double> BasePrice = new()
    {
        ["v100-32g"] = 4, ["a100-80g"] = 10, ["h800-80g"] = 20, ["ascend-910b"] = 8,
    };

    /// <summary>
    /// A network of <paramref name="centerCount"/> centers over 8–32 regions (about 2√N, clamped)
    /// placed at random within China's longitude/latitude box: regions east of 110°E are East hubs,
    /// the rest West. Links form a ring plus random chords, so every region is reachable and some
    /// paths take several hops; latency follows <see cref="LatencyEstimate"/>. Each center has one to
    /// three accelerator pools and usually a CPU pool; half the centers have flat (annual) carbon and
    /// renewable signals, half a daily shape with a midday solar dip. Valid by construction (checked).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="centerCount"/> is below 1.</exception>
    public static NetworkDefinition Generate(int centerCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(centerCount, 1);
        var random = new Random(seed);

        int regionCount = Math.Clamp((int)Math.Round(2 * Math.Sqrt(centerCount)), 8, 32);
        var regions = Enumerable.Range(0, regionCount).Select(i => MakeRegion(i, random)).ToList();
        var links = MakeLinks(regions, random);
        var centers = Enumerable.Range(0, centerCount).Select(i => MakeCenter(i, regions, random)).ToList();

        string revision = Convert.ToHexStringLower(SHA256.HashData(
            Encoding.UTF8.GetBytes($"synthetic-v{GeneratorVersion}:{centerCount}:{seed}")));
        var network = new NetworkDefinition(
            $"synthetic-{centerCount}-{seed}",
            $"Synthetic network: {centerCount} centers over {regionCount} regions, seed {seed} (generator v{GeneratorVersion}).",
            revision, Catalog, regions, links, new IntraRegionLink(1, 100, 0), centers, FairShareSettings.Default);
        NetworkValidator.ThrowIfInvalid(network, network.Id);
        return network;
    }

    private static Region MakeRegion(int i, Random random)
    {
        double lat = Round(22 + random.NextDouble() * 23, 2);
        double lon = Round(85 + random.NextDouble() * 38, 2);
        var role = lon > 110 ? RegionRole.East : RegionRole.West;
        return new Region($"r{i:00}", $"Region {i:00}", null, role, lat, lon, "cn");
    }

    private static List<Link> MakeLinks(List<Region> regions, Random random)
    {
        var links = new List<Link>();
        var pairs = new HashSet<(int, int)>();
        void Add(int a, int b)
        {
            if (a == b || !pairs.Add((Math.Min(a, b), Math.Max(a, b)))) return;
            var ra = regions[a];
            var rb = regions[b];
            double latency = LatencyEstimate.OneWayMs(ra.Latitude, ra.Longitude, rb.Latitude, rb.Longitude);
            double bandwidth = new[] { 100.0, 200.0, 400.0 }[random.Next(3)];
            double price = new[] { 0.05, 0.08, 0.10 }[random.Next(3)];
            links.Add(new Link(ra.Id, rb.Id, latency, bandwidth, price));
        }
        // A ring in longitude order guarantees connectivity; chords add shortcuts.
        var order = Enumerable.Range(0, regions.Count).OrderBy(i => regions[i].Longitude).ToArray();
        for (int k = 0; k < order.Length; k++) Add(order[k], order[(k + 1) % order.Length]);
        for (int k = 0; k < regions.Count; k++) Add(k, random.Next(regions.Count));
        return links;
    }

    private static Center MakeCenter(int i, List<Region> regions, Random random)
    {
        var region = regions[random.Next(regions.Count)];
        bool east = region.Role == RegionRole.East;
        var gpuModels = new[] { "v100-32g", "a100-80g", "h800-80g", "ascend-910b" }
            .OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToList();

        var pools = new List<NodePool>();
        int accelerators = 0;
        double priceSum = 0;
        foreach (var model in gpuModels)
        {
            int perNode = random.Next(2) == 0 ? 4 : 8;
            int nodes = 1 + random.Next(16);
            pools.Add(new NodePool(model, model, perNode, perNode * 12, perNode * 128, nodes));
            accelerators += perNode * nodes;
            priceSum += perNode * nodes * BasePrice[model];
        }
        if (random.NextDouble() < 0.8)
            pools.Add(new NodePool("cpu", "x86-core", 0, 64, 256, 2 + random.Next(31)));

        double regional = east ? 1.2 : 0.85;
        var hourOfDay = random.NextDouble() < 0.3 ? OffPeak : null;
        var pricing = new Pricing(
            Round(priceSum / accelerators * regional * (0.9 + 0.2 * random.NextDouble()), 2),
            Round((east ? 0.12 : 0.06) * (0.9 + 0.2 * random.NextDouble()), 3),
            hourOfDay, 8);

        double pue = Round(east ? 1.2 + 0.3 * random.NextDouble() : 1.1 + 0.15 * random.NextDouble(), 2);
        double carbon = Round(100 + 650 * random.NextDouble(), 1);
        double renewable = Round(0.1 + 0.7 * random.NextDouble(), 2);
        bool shaped = random.Next(2) == 0;
        var energy = new EnergyProfile(
            pue,
            shaped ? Shaped(carbon, SolarDip(-0.15)) : HourlySignal.Flat(carbon, SignalProvenance.Annual, "synthetic annual"),
            shaped ? Shaped(renewable, SolarDip(0.3), cap: 1) : HourlySignal.Flat(renewable, SignalProvenance.Annual, "synthetic annual"),
            10);

        var engine = new SortedDictionary<string, string> { ["slots"] = (1 + random.Next(8)).ToString(CultureInfo.InvariantCulture) };
        return new Center($"c{i:0000}", $"Center {i:0000}", null, region.Id, "local", pools, pricing, energy,
            region.ResidencyZone, region.Latitude, region.Longitude, engine);
    }

    // Night valley, daytime flat, evening peak: the usual structure of Chinese time-of-use tariffs.
    private static readonly double[] OffPeak =
        Enumerable.Range(0, 24).Select(h => h < 7 || h == 23 ? 0.8 : h is >= 18 and <= 21 ? 1.15 : 1.0).ToArray();

    /// <summary>A mean-1 shape with a bump of relative size <paramref name="amplitude"/> at 13:00 local.</summary>
    private static double[] SolarDip(double amplitude) =>
        Enumerable.Range(0, 24).Select(h => 1 + amplitude * Math.Cos(2 * Math.PI * (h - 13) / 24)).ToArray();

    private static HourlySignal Shaped(double annual, double[] shape, double cap = double.PositiveInfinity) =>
        new(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(-8),
            shape.Select(s => Math.Min(cap, Round(annual * s, 4))).ToArray(),
            SignalProvenance.Modelled, "synthetic annual × cosine daily shape");

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}
