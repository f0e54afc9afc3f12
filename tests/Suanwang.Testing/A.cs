using Suanwang.Model.Jobs;
using Suanwang.Model.Network;

namespace Suanwang.Testing;

/// <summary>Entry point of the fluent test builders: <c>A.Job().NeedsGpus(4).WithDataAt("east", 100)</c>.</summary>
public static class A
{
    /// <summary>Noon UTC on a fixed day: every test's "now".</summary>
    public static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A 1-GPU, 1-reference-hour batch job.</summary>
    public static JobBuilder Job(string id = "job-1") => new(id);

    /// <summary>An empty network with a V100-class reference GPU, an A100-class GPU, a slow GPU and a CPU model.</summary>
    public static NetworkBuilder Network() => new();
}

public sealed class JobBuilder(string id)
{
    private JobRequest _job = new(
        id, id, JobKind.Batch, ["sleep", "1"], new Dictionary<string, string>(),
        new ResourceRequest(1, [], 0, 1, 4, 1),
        new WorkEstimate(1, null), [], null, JobConstraints.None, JobPreferences.None,
        "tenant-a", "research", [], null, null);

    public JobBuilder NeedsGpus(int count, params string[] models) =>
        With(_job with { Resources = _job.Resources with { AcceleratorCount = count, AcceleratorModels = models } });
    public JobBuilder NeedsCpusOnly(int cpus) =>
        With(_job with { Resources = _job.Resources with { AcceleratorCount = 0, Cpus = cpus } });
    public JobBuilder WithCpus(int cpus) => With(_job with { Resources = _job.Resources with { Cpus = cpus } });
    public JobBuilder WithMemoryGiB(double gib) => With(_job with { Resources = _job.Resources with { MemoryGiB = gib } });
    public JobBuilder MinGpuMemoryGiB(double gib) => With(_job with { Resources = _job.Resources with { MinAcceleratorMemoryGiB = gib } });
    public JobBuilder OnNodes(int nodes) => With(_job with { Resources = _job.Resources with { Nodes = nodes } });
    public JobBuilder ReferenceHours(double hours) => With(_job with { Work = new WorkEstimate(hours, null) });
    public JobBuilder WithDataAt(string region, double gib) => With(_job with { Inputs = [.. _job.Inputs, new DataInput("data", gib, region)] });
    public JobBuilder OutputTo(string region, double gib) => With(_job with { Output = new DataOutput(gib, region) });
    public JobBuilder Deadline(DateTimeOffset deadline) => With(_job with { Constraints = _job.Constraints with { Deadline = deadline } });
    public JobBuilder MaxPrice(double yuan) => With(_job with { Constraints = _job.Constraints with { MaxPriceYuan = yuan } });
    public JobBuilder Residency(string zone) => With(_job with { Constraints = _job.Constraints with { Residency = zone } });
    public JobBuilder OnlyOn(params string[] centers) => With(_job with { Constraints = _job.Constraints with { AllowedCenters = centers } });
    public JobBuilder Prefers(params string[] centers) => With(_job with { Constraints = _job.Constraints with { PreferredCenters = centers } });
    public JobBuilder NotBefore(DateTimeOffset time) => With(_job with { Constraints = _job.Constraints with { NotBefore = time } });
    public JobBuilder Service(string usersAt, double maxLatencyMs) =>
        With(_job with { Kind = JobKind.Service, Constraints = _job.Constraints with { UsersRegionId = usersAt, MaxLatencyMs = maxLatencyMs } });
    public JobBuilder Flexible(double hours, double carbonWeight = 1.0) => With(_job with { Preferences = new JobPreferences(carbonWeight, hours) });
    public JobBuilder CarbonWeight(double weight) => With(_job with { Preferences = _job.Preferences with { CarbonWeight = weight } });
    public JobBuilder OfTenant(string tenant, string tier) => With(_job with { Tenant = tenant, Tier = tier });

    public JobRequest Build() => _job;
    public static implicit operator JobRequest(JobBuilder builder) => builder.Build();

    private JobBuilder With(JobRequest job) { _job = job; return this; }
}

public sealed class NetworkBuilder
{
    private readonly List<Region> _regions = new();
    private readonly List<Link> _links = new();
    private readonly List<Center> _centers = new();
    private readonly List<AcceleratorModel> _models =
    [
        new("v100", "V100 32GB", ProcessorKind.Gpu, "NVIDIA", 1.0, 32, 300),
        new("a100", "A100 80GB", ProcessorKind.Gpu, "NVIDIA", 2.0, 80, 400),
        new("t4", "T4 16GB", ProcessorKind.Gpu, "NVIDIA", 0.5, 16, 70),
        new("x86", "x86 core", ProcessorKind.Cpu, "generic", 1.0, 0, 10),
    ];
    private IntraRegionLink _intra = new(1, 100, 0);

    public NetworkBuilder Region(string id, RegionRole role = RegionRole.East, string zone = "cn")
    {
        _regions.Add(new Region(id, id, null, role, 0, 0, zone));
        return this;
    }

    public NetworkBuilder Link(string a, string b, double latencyMs, double bandwidthGbps, double pricePerGbYuan = 0)
    {
        _links.Add(new Link(a, b, latencyMs, bandwidthGbps, pricePerGbYuan));
        return this;
    }

    public NetworkBuilder IntraRegion(double latencyMs, double bandwidthGbps, double pricePerGb = 0)
    {
        _intra = new IntraRegionLink(latencyMs, bandwidthGbps, pricePerGb);
        return this;
    }

    public NetworkBuilder Center(string id, string region, Func<CenterBuilder, CenterBuilder>? configure = null)
    {
        var builder = new CenterBuilder(id, region);
        _centers.Add((configure?.Invoke(builder) ?? builder).Build(_regions.First(r => r.Id == region).ResidencyZone));
        return this;
    }

    public NetworkDefinition Build() => new(
        "test", "test network", "rev-test",
        new AcceleratorCatalog("v100", _models),
        _regions, _links, _intra, _centers, FairShareSettings.Default);
}

public sealed class CenterBuilder(string id, string region)
{
    private readonly List<NodePool> _pools = new();
    private double _pricePerGpuHour = 10, _pricePerCpuHour = 0.1, _pue = 1.2, _cpuWatts = 10, _wue = EnergyProfile.DefaultWueLitresPerKwh;
    private HourlySignal _carbon = HourlySignal.Flat(500, SignalProvenance.Annual, "test");
    private HourlySignal _renewable = HourlySignal.Flat(0.2, SignalProvenance.Annual, "test");
    private IReadOnlyList<double>? _hourOfDay;
    private string? _zone;

    public CenterBuilder GpuPool(string model, int gpusPerNode, int nodes, int cpusPerNode = 64, double memoryGiBPerNode = 512, string? poolId = null, double? perGpuHour = null)
    {
        _pools.Add(new NodePool(poolId ?? model, model, gpusPerNode, cpusPerNode, memoryGiBPerNode, nodes) { PerAcceleratorHourYuan = perGpuHour });
        return this;
    }

    public CenterBuilder CpuPool(int cpusPerNode, int nodes, double memoryGiBPerNode = 256)
    {
        _pools.Add(new NodePool("cpu", "x86", 0, cpusPerNode, memoryGiBPerNode, nodes));
        return this;
    }

    public CenterBuilder Price(double perGpuHour, double perCpuHour = 0.1) { _pricePerGpuHour = perGpuHour; _pricePerCpuHour = perCpuHour; return this; }
    public CenterBuilder HourOfDayPrices(params double[] multipliers) { _hourOfDay = multipliers; return this; }
    public CenterBuilder Pue(double pue) { _pue = pue; return this; }
    public CenterBuilder CpuWatts(double watts) { _cpuWatts = watts; return this; }
    public CenterBuilder Wue(double litresPerKwh) { _wue = litresPerKwh; return this; }
    public CenterBuilder Carbon(double gramsPerKwh) { _carbon = HourlySignal.Flat(gramsPerKwh, SignalProvenance.Annual, "test"); return this; }
    public CenterBuilder CarbonHourly(DateTimeOffset start, params double[] gramsPerKwh) { _carbon = new HourlySignal(start, gramsPerKwh, SignalProvenance.Measured, "test"); return this; }
    public CenterBuilder Renewable(double share) { _renewable = HourlySignal.Flat(share, SignalProvenance.Annual, "test"); return this; }
    public CenterBuilder Zone(string zone) { _zone = zone; return this; }

    public Center Build(string regionZone) => new(
        id, id, null, region, "local", _pools,
        new Pricing(_pricePerGpuHour, _pricePerCpuHour, _hourOfDay, 0),
        new EnergyProfile(_pue, _carbon, _renewable, _cpuWatts, _wue),
        _zone ?? regionZone, 0, 0, new Dictionary<string, string>());
}
