using Suanwang.Model.Network;

namespace Suanwang.Traces.Tests.Support;

/// <summary>Entry point of the fluent test builders.</summary>
internal static class A
{
    /// <summary>A small network: two East and two West regions, a catalog with an A100 reference.</summary>
    public static NetworkBuilder Network() => new();

    /// <summary>A bare network to fill by hand.</summary>
    public static NetworkBuilder EmptyNetwork() => new(empty: true);
}

/// <summary>Builds a <see cref="NetworkDefinition"/> in code, so tests need no network YAML.</summary>
internal sealed class NetworkBuilder
{
    private readonly List<Region> regions = [];
    private readonly List<Center> centers = [];
    private readonly List<AcceleratorModel> models = [];
    private string referenceId = "a100-80g";
    private FairShareSettings tiers = FairShareSettings.Default;

    public NetworkBuilder(bool empty = false)
    {
        if (empty) return;
        WithRegion("yangtze-delta", RegionRole.East).WithRegion("beijing", RegionRole.East)
            .WithRegion("gansu", RegionRole.West).WithRegion("guizhou", RegionRole.West);
        WithCenter("shanghai", "yangtze-delta").WithCenter("wuhu", "yangtze-delta")
            .WithCenter("zhangjiakou", "beijing").WithCenter("qingyang", "gansu").WithCenter("guian", "guizhou");
        WithAccelerator("a100-80g", 1.0, 80).WithAccelerator("p100-16g", 0.25, 16)
            .WithAccelerator("v100-16g", 0.5, 16).WithAccelerator("v100-32g", 0.55, 32)
            .WithAccelerator("t4-16g", 0.3, 16).WithAccelerator("a10-24g", 0.6, 24)
            .WithAccelerator("h800-80g", 2.0, 80).WithAccelerator("cpu-core", 1.0, 0, ProcessorKind.Cpu);
    }

    public NetworkBuilder WithRegion(string id, RegionRole role, string zone = "cn")
    {
        regions.Add(new Region(id, id, null, role, 30, 110, zone));
        return this;
    }

    public NetworkBuilder WithCenter(string id, string regionId)
    {
        var flat = HourlySignal.Flat(500, SignalProvenance.Annual, "test");
        centers.Add(new Center(id, id, null, regionId, "local",
            [new NodePool("gpu", referenceId, 8, 64, 512, 10)],
            new Pricing(10, 0.1, null, 8), new EnergyProfile(1.2, flat, HourlySignal.Flat(0.3, SignalProvenance.Annual, "test"), 5),
            "cn", 30, 110, new Dictionary<string, string>()));
        return this;
    }

    public NetworkBuilder WithAccelerator(string id, double speed, double memoryGiB = 16, ProcessorKind kind = ProcessorKind.Gpu)
    {
        models.Add(new AcceleratorModel(id, id, kind, "test", speed, memoryGiB, 300));
        return this;
    }

    public NetworkBuilder WithoutAccelerator(string id)
    {
        models.RemoveAll(m => m.Id == id);
        return this;
    }

    public NetworkBuilder WithReference(string id)
    {
        referenceId = id;
        return this;
    }

    public NetworkBuilder WithTiers(params string[] names)
    {
        tiers = new FairShareSettings(names.Select(n => new TierPolicy(n, 0.1, 1)).ToArray());
        return this;
    }

    public NetworkDefinition Build() => new(
        "test-net", "a network built in a test", "rev-test",
        new AcceleratorCatalog(referenceId, models.ToArray()),
        regions.ToArray(), [], new IntraRegionLink(1, 100, 0), centers.ToArray(), tiers);
}
