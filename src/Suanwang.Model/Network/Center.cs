namespace Suanwang.Model.Network;

/// <summary>A set of identical nodes in a center.</summary>
/// <param name="Id">Pool id, unique within the center (often the Slurm partition).</param>
/// <param name="AcceleratorModelId">Catalog model of the pool's accelerators (a CPU model for CPU pools).</param>
/// <param name="AcceleratorsPerNode">Devices per node (for CPU pools: 0; cores come from <paramref name="CpusPerNode"/>).</param>
/// <param name="CpusPerNode">CPU cores per node.</param>
/// <param name="MemoryGiBPerNode">Host memory per node.</param>
/// <param name="NodeCount">Number of nodes offered to the network.</param>
public sealed record NodePool(
    string Id,
    string AcceleratorModelId,
    int AcceleratorsPerNode,
    int CpusPerNode,
    double MemoryGiBPerNode,
    int NodeCount)
{
    /// <summary>Total accelerators in the pool.</summary>
    public int TotalAccelerators => AcceleratorsPerNode * NodeCount;
    /// <summary>Total CPU cores in the pool.</summary>
    public int TotalCpus => CpusPerNode * NodeCount;
    /// <summary>Total host memory in the pool.</summary>
    public double TotalMemoryGiB => MemoryGiBPerNode * NodeCount;

    /// <summary>
    /// This pool's price per accelerator-hour, yuan, when it differs from the center's
    /// (<see cref="Pricing.PerAcceleratorHourYuan"/>): an H800 pool and a V100 pool of one center rarely cost the same.
    /// </summary>
    public double? PerAcceleratorHourYuan { get; init; }

    /// <summary>
    /// The node features every node of the pool has, as Slurm names them (<c>a100</c>, <c>gpu80g</c>, <c>gpu</c>,
    /// <c>ib</c>, <c>x86_64</c>): what a job's <see cref="Jobs.FeatureConstraint"/> is checked against. Case-sensitive,
    /// as in Slurm (<see cref="FeatureNames"/>). Empty when the network file gives none; at a Slurm center the broker adds
    /// the features the center's nodes report.
    /// </summary>
    public IReadOnlySet<string> Features { get; init; } = FeatureNames.None;
}

/// <summary>What a center charges.</summary>
/// <param name="PerAcceleratorHourYuan">Price of one accelerator for one hour (pools may set their own, see <see cref="NodePool.PerAcceleratorHourYuan"/>).</param>
/// <param name="PerCpuHourYuan">Price of one CPU core for one hour.</param>
/// <param name="HourOfDayMultipliers">Optional 24 multipliers (local time, hour 0..23) applied to both prices, e.g. off-peak discounts; null = flat.</param>
/// <param name="UtcOffsetHours">The center's local time offset, used for hour-of-day pricing.</param>
public sealed record Pricing(
    double PerAcceleratorHourYuan,
    double PerCpuHourYuan,
    IReadOnlyList<double>? HourOfDayMultipliers,
    double UtcOffsetHours);

/// <summary>Where an energy figure comes from, so reports can say how much to trust it.</summary>
public enum SignalProvenance
{
    /// <summary>Measured hourly data (e.g. Electricity Maps via GreenDCC).</summary>
    Measured,
    /// <summary>Modelled: an annual figure shaped by another zone's daily curve, or similar.</summary>
    Modelled,
    /// <summary>A single annual average, flat over the year.</summary>
    Annual,
}

/// <summary>
/// An hourly signal (grid carbon intensity, renewable share, price). Either a flat annual value,
/// a repeating daily shape, or a dated hourly series. The signal repeats with its own length
/// outside the dated range, so a 2021 series can serve a 2017 trace hour-of-year for hour-of-year.
/// </summary>
/// <param name="Start">UTC time of the first value (for daily shapes: any midnight UTC).</param>
/// <param name="Values">Hourly values; length 1 means flat.</param>
/// <param name="Provenance">Measured, modelled or annual.</param>
/// <param name="Source">Human-readable source, e.g. a file name or a document.</param>
public sealed record HourlySignal(
    DateTimeOffset Start,
    IReadOnlyList<double> Values,
    SignalProvenance Provenance,
    string Source)
{
    /// <summary>A flat signal.</summary>
    public static HourlySignal Flat(double value, SignalProvenance provenance, string source) =>
        new(DateTimeOffset.UnixEpoch, new[] { value }, provenance, source);

    /// <summary>The signal's value at an instant (hour resolution).</summary>
    public double ValueAt(DateTimeOffset time)
    {
        if (Values.Count == 1) return Values[0];
        long hours = (long)Math.Floor((time - Start).TotalHours);
        long index = ((hours % Values.Count) + Values.Count) % Values.Count;
        return Values[(int)index];
    }
}

/// <summary>A center's power: efficiency and the grid it draws from; and the water its cooling uses.</summary>
/// <param name="Pue">Power usage effectiveness (facility energy / IT energy), at least 1.0.</param>
/// <param name="CarbonIntensity">Grid carbon intensity in grams CO₂ per kWh.</param>
/// <param name="RenewableShare">Share of the power from renewable sources, 0..1.</param>
/// <param name="CpuWattsPerCore">Power per busy CPU core, watts (host power beyond the accelerators).</param>
/// <param name="WueLitresPerKwh">
/// Water usage effectiveness: litres of site water (cooling, humidification) per kWh of IT energy, The Green
/// Grid's WUE; 0 for a dry-cooled site.
/// </param>
public sealed record EnergyProfile(
    double Pue,
    HourlySignal CarbonIntensity,
    HourlySignal RenewableShare,
    double CpuWattsPerCore,
    double WueLitresPerKwh = EnergyProfile.DefaultWueLitresPerKwh)
{
    /// <summary>The WUE of a center that states none: the industry average usually cited (about 1.8 L/kWh).</summary>
    public const double DefaultWueLitresPerKwh = 1.8;
}

/// <summary>A compute center: an engine with node pools, prices and power.</summary>
/// <param name="Id">Stable id, e.g. <c>qingyang</c>.</param>
/// <param name="DisplayName">English name.</param>
/// <param name="DisplayNameZh">Chinese name.</param>
/// <param name="RegionId">The region it sits in.</param>
/// <param name="Backend">The name of the engine that runs it, as the network file writes it (<c>local</c>, <c>slurm</c>, …; see <see cref="EngineNames"/>): resolved against the engines a broker registers, opaque to the core.</param>
/// <param name="Pools">Its node pools.</param>
/// <param name="Pricing">What it charges.</param>
/// <param name="Energy">PUE, carbon and renewable share.</param>
/// <param name="ResidencyZone">Residency zone of the data it holds, e.g. <c>cn</c>.</param>
/// <param name="Latitude">Degrees north (for maps; defaults to the region's).</param>
/// <param name="Longitude">Degrees east.</param>
/// <param name="Engine">Engine connection settings for the adapters (opaque to the core).</param>
public sealed record Center(
    string Id,
    string DisplayName,
    string? DisplayNameZh,
    string RegionId,
    string Backend,
    IReadOnlyList<NodePool> Pools,
    Pricing Pricing,
    EnergyProfile Energy,
    string ResidencyZone,
    double Latitude,
    double Longitude,
    IReadOnlyDictionary<string, string> Engine);
