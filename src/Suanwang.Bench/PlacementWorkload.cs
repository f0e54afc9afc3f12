using Suanwang.Model.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Suanwang.Bench;

/// <summary>Running work put on every pool before measuring.</summary>
public sealed record BenchLoad
{
    /// <summary>Running jobs per pool, drawn uniformly from 0 to this.</summary>
    public int MaxRunningPerPool { get; init; } = 3;
    /// <summary>Largest share of a pool one running job holds.</summary>
    public double MaxBusyShare { get; init; } = 0.5;
    /// <summary>Running jobs end within this many hours.</summary>
    public double HorizonHours { get; init; } = 8;
}

/// <summary>The mix of jobs placed.</summary>
public sealed record BenchJobs
{
    /// <summary>Distinct jobs drawn (then placed round and round).</summary>
    public int Count { get; init; } = 512;
    /// <summary>Accelerator counts drawn uniformly.</summary>
    public int[] AcceleratorCounts { get; init; } = [1, 1, 1, 2, 4, 8];
    /// <summary>Share of CPU-only jobs.</summary>
    public double CpuOnlyShare { get; init; } = 0.1;
    /// <summary>Share of jobs reading an input data set.</summary>
    public double WithInputShare { get; init; } = 0.5;
    /// <summary>Largest input, GiB.</summary>
    public double MaxInputGiB { get; init; } = 500;
    /// <summary>Largest work, reference hours.</summary>
    public double MaxReferenceHours { get; init; } = 10;
}

/// <summary>A placement benchmark, as kept in <c>bench/placement.yaml</c>.</summary>
public sealed record PlacementWorkload
{
    /// <summary>Seed of the synthetic networks, the load and the job mix.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Policy measured.</summary>
    public string Policy { get; init; } = "suanwang";
    /// <summary>Measuring time per network size and variant.</summary>
    public double SecondsPerCase { get; init; } = 2;
    /// <summary>Decisions made before measuring, so the JIT has settled.</summary>
    public int WarmupDecisions { get; init; } = 200;
    /// <summary>Network sizes, in centers.</summary>
    public int[] Centers { get; init; } = [10, 100, 1000, 10000];
    /// <summary>Running work per pool.</summary>
    public BenchLoad Load { get; init; } = new();
    /// <summary>The job mix.</summary>
    public BenchJobs Jobs { get; init; } = new();

    /// <summary>Reads a workload file; unknown fields and bad values are errors naming the field.</summary>
    public static PlacementWorkload Read(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        PlacementWorkload? workload;
        try
        {
            workload = deserializer.Deserialize<PlacementWorkload>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new SpecException(path, [new SpecError($"line {e.Start.Line}, column {e.Start.Column}", e.InnerException?.Message ?? e.Message)]);
        }
        workload ??= new PlacementWorkload();
        var errors = new List<SpecError>();
        if (workload.SecondsPerCase <= 0) errors.Add(new("secondsPerCase", "must be positive"));
        if (workload.Centers.Length == 0 || workload.Centers.Any(c => c < 1)) errors.Add(new("centers", "must list sizes of at least 1 center"));
        if (workload.Jobs.Count < 1) errors.Add(new("jobs.count", "must be at least 1"));
        if (workload.Jobs.AcceleratorCounts.Length == 0 || workload.Jobs.AcceleratorCounts.Any(c => c < 1)) errors.Add(new("jobs.acceleratorCounts", "must list counts of at least 1"));
        if (workload.Jobs.CpuOnlyShare is < 0 or > 1) errors.Add(new("jobs.cpuOnlyShare", "must be within 0..1"));
        if (workload.Jobs.WithInputShare is < 0 or > 1) errors.Add(new("jobs.withInputShare", "must be within 0..1"));
        if (workload.Load.MaxBusyShare is < 0 or > 1) errors.Add(new("load.maxBusyShare", "must be within 0..1"));
        if (errors.Count > 0) throw new SpecException(path, errors);
        return workload;
    }
}
