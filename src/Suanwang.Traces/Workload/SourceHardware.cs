using Suanwang.Model.Network;

namespace Suanwang.Traces.Workload;

/// <summary>The hardware a trace job's duration was measured on, as the catalog knows it.</summary>
/// <param name="ModelId">Catalog model id, or null for CPU cores.</param>
/// <param name="Speed">Speed relative to the catalog's reference (CPU jobs: <see cref="WorkloadModelOptions.CpuSourceSpeed"/>).</param>
/// <param name="AllowedModelIds">Catalog models the trace restricts the job to (Alibaba <c>gpu_spec</c>); empty = any.</param>
/// <param name="Rule">Which rule decided, for explanations.</param>
internal sealed record SourceHardware(string? ModelId, double Speed, IReadOnlyList<string> AllowedModelIds, string Rule);

/// <summary>
/// Maps a trace's accelerator types onto the network's catalog, so durations measured on old
/// hardware become reference-accelerator hours.
/// </summary>
internal sealed class SourceAccelerators
{
    /// <summary>Trace type → (family token in catalog ids, device memory GiB or 0). G1–G3 are undisclosed and absent.</summary>
    internal static readonly IReadOnlyDictionary<string, (string Family, double MemoryGiB)> KnownTypes =
        new Dictionary<string, (string, double)>(StringComparer.OrdinalIgnoreCase)
        {
            ["V100M16"] = ("v100", 16),
            ["V100M32"] = ("v100", 32),
            ["V100"] = ("v100", 0),
            ["P100"] = ("p100", 0),
            ["P40"] = ("p40", 0),
            ["T4"] = ("t4", 0),
            ["A10"] = ("a10", 0),
            ["A100"] = ("a100", 0),
        };

    private readonly AcceleratorCatalog catalog;
    private readonly IReadOnlyDictionary<string, string> overrides;
    private readonly double referenceSpeed;
    private readonly double cpuSpeed;

    public SourceAccelerators(AcceleratorCatalog catalog, WorkloadModelOptions options)
    {
        this.catalog = catalog;
        overrides = new Dictionary<string, string>(options.AcceleratorTypeMap, StringComparer.OrdinalIgnoreCase);
        Reference = catalog.Find(catalog.ReferenceModelId)
            ?? throw new ArgumentException($"the catalog's reference model '{catalog.ReferenceModelId}' is not in the catalog", nameof(catalog));
        referenceSpeed = Reference.RelativeSpeed;
        cpuSpeed = options.CpuSourceSpeed;
        PhillySource = options.SourceAcceleratorModelId is { } id
            ? catalog.Find(id) ?? Reference
            : Accelerators().Where(m => m.Id.Contains("p100", StringComparison.OrdinalIgnoreCase))
                .OrderBy(m => m.Id, StringComparer.Ordinal).FirstOrDefault() ?? Reference;
        var speeds = Accelerators().Select(m => m.RelativeSpeed / referenceSpeed).ToList();
        FastestSpeed = speeds.Count > 0 ? Math.Max(1.0, speeds.Max()) : 1.0;
    }

    /// <summary>The catalog's reference model.</summary>
    public AcceleratorModel Reference { get; }

    /// <summary>The model Philly's durations are taken to be measured on.</summary>
    public AcceleratorModel PhillySource { get; }

    /// <summary>Speed of the fastest accelerator in the catalog, relative to the reference (at least 1).</summary>
    public double FastestSpeed { get; }

    /// <summary>Speed of <paramref name="model"/> relative to the reference.</summary>
    public double SpeedOf(AcceleratorModel model) => model.RelativeSpeed / referenceSpeed;

    /// <summary>Decides the source hardware of one job.</summary>
    public SourceHardware Resolve(TraceSource source, TraceJob job)
    {
        if (job.Accelerators == 0)
            return new SourceHardware(null, cpuSpeed, [], "CPU job: reference cores × CpuSourceSpeed");

        if (job.AcceleratorType is { } types)
        {
            var mapped = types.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => (Type: t, Model: Map(t)))
                .ToList();
            var first = mapped.FirstOrDefault(m => m.Model is not null);
            if (first.Model is { } model)
            {
                // Constrain the job only when every listed type is known: dropping an unknown one would narrow it wrongly.
                IReadOnlyList<string> allowed = mapped.All(m => m.Model is not null)
                    ? mapped.Select(m => m.Model!.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToArray()
                    : [];
                return new SourceHardware(model.Id, SpeedOf(model), allowed, $"trace type {first.Type} → {model.Id}");
            }
            return new SourceHardware(Reference.Id, 1.0, [], $"trace type {types} not in the catalog → reference");
        }

        if (source.Format == TraceFormat.Philly)
            return new SourceHardware(PhillySource.Id, SpeedOf(PhillySource), [], $"Philly → {PhillySource.Id}");
        return new SourceHardware(Reference.Id, 1.0, [], "no type in the trace → reference");
    }

    /// <summary>Catalog model for a trace type: the override, else the built-in table (family and memory), else null.</summary>
    public AcceleratorModel? Map(string traceType)
    {
        if (overrides.TryGetValue(traceType, out string? id)) return catalog.Find(id);
        if (!KnownTypes.TryGetValue(traceType, out var known)) return null;
        return Accelerators()
            .Where(m => Tokens(m.Id).Contains(known.Family))
            .OrderBy(m => known.MemoryGiB > 0 ? Math.Abs(m.MemoryGiB - known.MemoryGiB) : 0)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private IEnumerable<AcceleratorModel> Accelerators() => catalog.Models.Where(m => m.Kind != ProcessorKind.Cpu);

    // "a10-24g" must not match "a100": compare whole tokens of the id.
    private static string[] Tokens(string id) =>
        id.ToLowerInvariant().Split(['-', '_', ' ', '.', '/'], StringSplitOptions.RemoveEmptyEntries);
}
