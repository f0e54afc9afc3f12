using System.Text.Json.Serialization;

namespace Suanwang.Api.Contracts;

/// <summary>Whether a center takes new work.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CenterAvailability>))]
public enum CenterAvailability
{
    /// <summary>Healthy: takes work.</summary>
    Up,
    /// <summary>Reachable but slow or failing: takes work, scored with a risk penalty.</summary>
    Degraded,
    /// <summary>Unreachable, or no engine serves it: takes no work.</summary>
    Down,
    /// <summary>Drained by an operator: finishes its work, takes no new work.</summary>
    Draining,
}

/// <summary>A center with its live state.</summary>
/// <param name="Id">Center id.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="RegionId">Region (hub) it sits in.</param>
/// <param name="Backend">The name of the engine that runs it, e.g. local or slurm.</param>
/// <param name="Availability">Whether it takes work now.</param>
/// <param name="Latitude">Degrees north.</param>
/// <param name="Longitude">Degrees east.</param>
/// <param name="Accelerators">Accelerators it offers in total.</param>
/// <param name="AcceleratorsInUse">Accelerators held by placed, dispatched and running jobs now.</param>
/// <param name="Cpus">CPU cores it offers.</param>
/// <param name="CpusInUse">CPU cores held now.</param>
/// <param name="Load">Dominant share in use now, 0..1.</param>
/// <param name="Running">Jobs running there.</param>
/// <param name="Queued">Jobs placed or dispatched there and not yet running.</param>
/// <param name="PerAcceleratorHourYuan">List price of one accelerator-hour now (hour-of-day pricing applied).</param>
/// <param name="PerCpuHourYuan">List price of one core-hour now.</param>
/// <param name="Pue">Power usage effectiveness.</param>
/// <param name="CarbonGramsPerKwh">Grid carbon intensity now.</param>
/// <param name="RenewableShare">Renewable share now, 0..1.</param>
/// <param name="Pools">Its node pools.</param>
/// <param name="Engine">What its engine last reported (null before the first report).</param>
public sealed record CenterView(
    string Id,
    string Name,
    string? NameZh,
    string RegionId,
    string Backend,
    CenterAvailability Availability,
    double Latitude,
    double Longitude,
    int Accelerators,
    double AcceleratorsInUse,
    int Cpus,
    double CpusInUse,
    double Load,
    int Running,
    int Queued,
    double PerAcceleratorHourYuan,
    double PerCpuHourYuan,
    double Pue,
    double CarbonGramsPerKwh,
    double RenewableShare,
    IReadOnlyList<PoolView> Pools,
    EngineView? Engine);

/// <summary>A node pool.</summary>
/// <param name="Id">Pool id.</param>
/// <param name="AcceleratorModelId">Accelerator (or CPU) model.</param>
/// <param name="Nodes">Nodes.</param>
/// <param name="AcceleratorsPerNode">Accelerators per node.</param>
/// <param name="CpusPerNode">CPU cores per node.</param>
/// <param name="MemoryGiBPerNode">Memory per node.</param>
public sealed record PoolView(string Id, string AcceleratorModelId, int Nodes, int AcceleratorsPerNode, int CpusPerNode, double MemoryGiBPerNode);

/// <summary>What a center's engine last reported.</summary>
/// <param name="Reachable">Whether the last call reached it.</param>
/// <param name="SlotsTotal">Runs it may run at once.</param>
/// <param name="Running">Runs running.</param>
/// <param name="Pending">Runs waiting at the engine.</param>
/// <param name="ReportedAt">When.</param>
/// <param name="Access">How the engine reaches the center and in which dialect (e.g. <c>REST v0.0.42 at unix:/run/slurmrestd/slurmrestd.socket</c>); null when the engine does not say.</param>
public sealed record EngineView(bool Reachable, int SlotsTotal, int Running, int Pending, DateTimeOffset ReportedAt, string? Access = null);
