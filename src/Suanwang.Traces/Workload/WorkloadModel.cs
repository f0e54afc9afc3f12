using System.Globalization;
using Suanwang.Model.Errors;
using Suanwang.Model.Jobs;
using Suanwang.Model.Network;

namespace Suanwang.Traces.Workload;

/// <summary>
/// Turns trace jobs into full job requests for one network, adding by documented, seeded rules what
/// traces lack: tenant tier, data size and location, the user's estimate, constraints and preferences.
/// </summary>
/// <remarks>
/// Deterministic: every draw comes from SplitMix64 seeded by (seed, rule, key), the key being the
/// job's <c>trace/traceJobId</c> or the tenant id, hashed with FNV-1a. So a job's values do not depend on
/// which other jobs are read or in what order, and changing one rule's parameters does not move
/// another rule's draws. Thread-safe: holds no mutable state. <see cref="Describe"/> lists every rule.
/// </remarks>
public sealed class WorkloadModel
{
    private readonly NetworkDefinition network;
    private readonly SourceAccelerators accelerators;
    private readonly TenantProfiles tenants;
    private readonly ILookup<string, Center> centersByRegion;

    /// <summary>Builds the model for <paramref name="network"/>.</summary>
    /// <exception cref="SpecException">The options are invalid or name catalog models the network lacks (every problem listed).</exception>
    public WorkloadModel(NetworkDefinition network, WorkloadModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        this.network = network;
        Options = options ?? WorkloadModelOptions.Default;

        var errors = Options.Validate().ToList();
        if (network.Catalog.Find(network.Catalog.ReferenceModelId) is null)
            errors.Add(new SpecError("network.catalog", $"reference model '{network.Catalog.ReferenceModelId}' is not in the catalog"));
        if (network.Regions.Count == 0)
            errors.Add(new SpecError("network.regions", "the network has no regions to place data in"));
        if (Options.SourceAcceleratorModelId is { } id && network.Catalog.Find(id) is null)
            errors.Add(new SpecError(nameof(WorkloadModelOptions.SourceAcceleratorModelId), $"'{id}' is not in the network's catalog"));
        foreach (var (type, modelId) in Options.AcceleratorTypeMap)
            if (network.Catalog.Find(modelId) is null)
                errors.Add(new SpecError($"{nameof(WorkloadModelOptions.AcceleratorTypeMap)}[{type}]", $"'{modelId}' is not in the network's catalog"));
        if (errors.Count > 0) throw new SpecException("workload model options", errors);

        accelerators = new SourceAccelerators(network.Catalog, Options);
        tenants = new TenantProfiles(network, Options);
        centersByRegion = network.Centers.OrderBy(c => c.Id, StringComparer.Ordinal).ToLookup(c => c.RegionId);
    }

    /// <summary>The parameters in force.</summary>
    public WorkloadModelOptions Options { get; }

    /// <summary>Makes every job of <paramref name="reader"/> into a simulated job, lazily, in trace order.</summary>
    public IEnumerable<SimulatedJob> Enrich(ITraceReader reader) => reader.Select(job => Enrich(reader.Source, job));

    /// <summary>Makes one trace job into a simulated job. Pure: same inputs, same result.</summary>
    public SimulatedJob Enrich(TraceSource source, TraceJob job)
    {
        string key = source.Name + "/" + job.TraceJobId;
        var hardware = accelerators.Resolve(source, job);
        double actualReferenceHours = job.DurationHours * hardware.Speed;

        string tenant = TenantId(source, job.Group);
        var profile = tenants.For(tenant);

        var resources = Resources(job, hardware);
        double inputGiB = InputSizeGiB(key, job, resources, actualReferenceHours);
        var region = profile.DataRegion;
        string id = string.Create(CultureInfo.InvariantCulture, $"{source.Name}-{job.Sequence}");

        var request = new JobRequest(
            Id: id,
            Name: $"{source.Name}:{job.TraceJobId}",
            Kind: JobKind.Batch,
            Command: ["sleep", Math.Max(1, Math.Ceiling(actualReferenceHours * 3600)).ToString("F0", CultureInfo.InvariantCulture)],
            Environment: System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty,
            Resources: resources,
            Work: new WorkEstimate(EstimateHours(key, actualReferenceHours), TimeLimitHours: null),
            Inputs: [new DataInput($"{id}-input", inputGiB, region.Id)],
            Output: new DataOutput(inputGiB * Options.OutputFraction, region.Id),
            Constraints: Constraints(key, job, region, actualReferenceHours, resources),
            Preferences: Preferences(key, profile.Tier),
            Tenant: tenant,
            Tier: profile.Tier,
            DependsOn: [],
            ArrayIndex: null,
            EngineSettings: null);
        return new SimulatedJob(request, job.SubmitTime, actualReferenceHours);
    }

    /// <summary>The tenant of a trace group: <c>&lt;trace&gt;-&lt;group&gt;</c>, so tenants of different traces never merge.</summary>
    public static string TenantId(TraceSource source, string group) => $"{source.Name}-{group}";

    private ResourceRequest Resources(TraceJob job, SourceHardware hardware)
    {
        int accelerators = job.Accelerators;
        int cpus = job.Cpus > 0 ? job.Cpus : Math.Max(1, accelerators * Options.CpusPerAccelerator);
        double memoryGiB = job.MemoryGiB is > 0 and var m
            ? m
            : accelerators > 0 ? accelerators * Options.MemoryGiBPerAccelerator : cpus * Options.MemoryGiBPerCpu;
        int nodes = accelerators > 0
            ? CeilDiv(accelerators, Options.AcceleratorsPerNode)
            : CeilDiv(cpus, Options.CpusPerNode);
        return new ResourceRequest(accelerators, hardware.AllowedModelIds, MinAcceleratorMemoryGiB: 0, cpus, memoryGiB, Math.Max(1, nodes));
    }

    private double InputSizeGiB(string key, TraceJob job, ResourceRequest resources, double referenceHours)
    {
        double devices = resources.AcceleratorCount > 0
            ? resources.AcceleratorCount * (job.AcceleratorShare ?? 1.0)
            : resources.Cpus / Options.CpusPerAcceleratorEquivalent;
        double acceleratorHours = Math.Max(devices * referenceHours, 1e-6);
        double median = Options.InputMedianGiB * Math.Pow(acceleratorHours, Options.InputSizeElasticity);
        double draw = median * Math.Exp(Options.InputSigma * StableRandom.For(Options.Seed, "input-size", key).NextGaussian());
        return Math.Clamp(draw, Options.InputMinGiB, Options.InputMaxGiB);
    }

    private double EstimateHours(string key, double actualReferenceHours)
    {
        if (Options.EstimateNoiseSigma == 0 && Options.EstimateBias == 1.0) return actualReferenceHours;
        double noise = Math.Exp(Options.EstimateNoiseSigma * StableRandom.For(Options.Seed, "estimate", key).NextGaussian());
        return actualReferenceHours * Options.EstimateBias * noise;
    }

    private JobConstraints Constraints(string key, TraceJob job, Region dataRegion, double referenceHours, ResourceRequest resources)
    {
        string? residency = Draw("residency", key) < Options.ResidencyFraction ? dataRegion.ResidencyZone : null;

        IReadOnlyList<string> allowed = Draw("region-lock", key) < Options.RegionLockFraction
            ? centersByRegion[dataRegion.Id].Select(c => c.Id).ToArray()
            : [];

        DateTimeOffset? deadline = null;
        var deadlineRandom = StableRandom.For(Options.Seed, "deadline", key);
        if (deadlineRandom.NextDouble() < Options.DeadlineFraction)
        {
            double slack = Options.DeadlineSlackMin + (Options.DeadlineSlackMax - Options.DeadlineSlackMin) * deadlineRandom.NextDouble();
            double hours = Math.Max(Options.DeadlineMinimumHours, slack * BestRunHours(referenceHours, resources));
            deadline = job.SubmitTime.AddHours(hours);
        }

        return JobConstraints.None with { Residency = residency, AllowedCenters = allowed, Deadline = deadline };
    }

    /// <summary>Run time on the fastest hardware: accelerator jobs on the catalog's fastest model, CPU jobs at reference-core speed.</summary>
    private double BestRunHours(double referenceHours, ResourceRequest resources) =>
        resources.IsCpuOnly ? referenceHours : referenceHours / accelerators.FastestSpeed;

    private JobPreferences Preferences(string key, string tier)
    {
        double carbon = Options.CarbonWeightByTier.TryGetValue(tier, out double w) ? w : Options.DefaultCarbonWeight;
        var flexibleRandom = StableRandom.For(Options.Seed, "flexible-start", key);
        double flexibleHours = flexibleRandom.NextDouble() < Options.FlexibleFraction
            ? 1 + flexibleRandom.NextInt(Options.FlexibleMaxHours)
            : 0;
        return new JobPreferences(carbon, flexibleHours);
    }

    private double Draw(string rule, string key) => StableRandom.For(Options.Seed, rule, key).NextDouble();

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;

    /// <summary>Every rule and parameter of the model, resolved against this network, as lines for a report.</summary>
    public IReadOnlyList<string> Describe() => new WorkloadModelDescription(this.network, Options, accelerators, tenants).Lines();
}
