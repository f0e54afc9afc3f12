namespace Suanwang.Model.Jobs;

/// <summary>Batch work runs to completion; a service runs until stopped and has a latency objective.</summary>
public enum JobKind
{
    /// <summary>Runs to completion.</summary>
    Batch,
    /// <summary>Long-running, serves requests; must be near its users.</summary>
    Service,
}

/// <summary>What a job needs to run.</summary>
/// <param name="AcceleratorCount">Accelerators in total (0 for a CPU-only job).</param>
/// <param name="AcceleratorModels">
/// Allowed accelerator models as the job names them: catalog ids or aliases (<c>a100</c> for every A100 size), resolved
/// through the network's catalog (<see cref="Network.AcceleratorCatalog.Resolve"/>); empty = any that fits.
/// </param>
/// <param name="MinAcceleratorMemoryGiB">Minimum device memory per accelerator.</param>
/// <param name="Cpus">CPU cores in total.</param>
/// <param name="MemoryGiB">Host memory in total.</param>
/// <param name="Nodes">Nodes the job spans (a gang: all must be free at once on one center); 1 for a single-node job.</param>
public sealed record ResourceRequest(
    int AcceleratorCount,
    IReadOnlyList<string> AcceleratorModels,
    double MinAcceleratorMemoryGiB,
    int Cpus,
    double MemoryGiB,
    int Nodes)
{
    /// <summary>True when the job needs no accelerator.</summary>
    public bool IsCpuOnly => AcceleratorCount == 0;
}

/// <summary>How much work a job is.</summary>
/// <param name="ReferenceHours">Wall-clock hours the job takes on the requested number of reference accelerators (CPU jobs: reference cores).</param>
/// <param name="TimeLimitHours">Optional hard wall-time limit at the center (e.g. from <c>--time</c>).</param>
public sealed record WorkEstimate(double ReferenceHours, double? TimeLimitHours);

/// <summary>A data set the job reads, and where it lives.</summary>
/// <param name="Name">Data set name.</param>
/// <param name="SizeGiB">Size in GiB.</param>
/// <param name="RegionId">Region that holds it.</param>
public sealed record DataInput(string Name, double SizeGiB, string RegionId);

/// <summary>Results the job writes back.</summary>
/// <param name="SizeGiB">Size in GiB.</param>
/// <param name="RegionId">Region the results go to.</param>
public sealed record DataOutput(double SizeGiB, string RegionId);

/// <summary>Hard constraints: a center that breaks one is never chosen.</summary>
/// <param name="Residency">Residency zone the job's data must stay in (数据不出域), or null.</param>
/// <param name="Deadline">Latest acceptable finish, or null.</param>
/// <param name="MaxPriceYuan">Price ceiling for the whole job, or null.</param>
/// <param name="AllowedCenters">Only these centers; empty = any.</param>
/// <param name="PreferredCenters">Preferred order among equally good centers (soft).</param>
/// <param name="MaxLatencyMs">For services: one-way latency bound from <paramref name="UsersRegionId"/>.</param>
/// <param name="UsersRegionId">For services: where the users are.</param>
/// <param name="NotBefore">Earliest start (e.g. <c>--begin</c>), or null.</param>
public sealed record JobConstraints(
    string? Residency,
    DateTimeOffset? Deadline,
    double? MaxPriceYuan,
    IReadOnlyList<string> AllowedCenters,
    IReadOnlyList<string> PreferredCenters,
    double? MaxLatencyMs,
    string? UsersRegionId,
    DateTimeOffset? NotBefore)
{
    /// <summary>No constraints.</summary>
    public static JobConstraints None { get; } = new(null, null, null, [], [], null, null, null);

    /// <summary>
    /// The node features the job's nodes must have (Slurm's <c>--constraint</c>, the native spec's
    /// <c>constraints.features</c>), or null for none: a pool whose features do not satisfy it is never chosen.
    /// </summary>
    public FeatureConstraint? Features { get; init; }
}

/// <summary>Soft preferences.</summary>
/// <param name="CarbonWeight">0..1: how much the user cares about carbon against time and cost.</param>
/// <param name="FlexibleStartHours">How many hours after its earliest start the job may be deferred to a greener or cheaper hour.</param>
public sealed record JobPreferences(double CarbonWeight, double FlexibleStartHours)
{
    /// <summary>No carbon preference, no flexibility.</summary>
    public static JobPreferences None { get; } = new(0, 0);
}

/// <summary>
/// A job as Suanwang understands it, whichever way it was written (native spec, #SBATCH script, trace row).
/// Immutable; IDs and times are assigned at the edge, never inside the core.
/// </summary>
/// <param name="Id">Job id (assigned by whoever admits the job).</param>
/// <param name="Name">Human name.</param>
/// <param name="Kind">Batch or service.</param>
/// <param name="Command">argv of the command to run.</param>
/// <param name="Environment">Environment variables.</param>
/// <param name="Resources">What it needs.</param>
/// <param name="Work">How much work it is.</param>
/// <param name="Inputs">Data it reads.</param>
/// <param name="Output">Data it writes, or null.</param>
/// <param name="Constraints">Hard constraints.</param>
/// <param name="Preferences">Soft preferences.</param>
/// <param name="Tenant">Owning tenant.</param>
/// <param name="Tier">Tenant tier (enterprise, sme, research, education…).</param>
/// <param name="DependsOn">Jobs that must succeed first (<c>afterok</c>).</param>
/// <param name="ArrayIndex">Index within a job array, or null.</param>
/// <param name="EngineSettings">
/// Settings for particular engines, keyed by engine name (<see cref="Network.Center.Backend"/>), each a map of setting to
/// value as text, e.g. <c>slurm</c> → <c>partition</c>, <c>ntasks</c> from an <c>#SBATCH</c> script. Opaque to the core:
/// each engine reads its own part (<see cref="SettingsFor"/>) and ignores the others. Null or empty for none.
/// </param>
public sealed record JobRequest(
    string Id,
    string Name,
    JobKind Kind,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    ResourceRequest Resources,
    WorkEstimate Work,
    IReadOnlyList<DataInput> Inputs,
    DataOutput? Output,
    JobConstraints Constraints,
    JobPreferences Preferences,
    string Tenant,
    string Tier,
    IReadOnlyList<string> DependsOn,
    int? ArrayIndex,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? EngineSettings)
{
    private static readonly IReadOnlyDictionary<string, string> NoSettings = new Dictionary<string, string>();

    /// <summary>
    /// The batch script the job runs, or null when its <see cref="Command"/> alone is the job. An engine writes it to a
    /// file and appends the file's path to the command (the interpreter from the script's <c>#!</c>), or hands it to its
    /// scheduler as the job's script (Slurm).
    /// </summary>
    public string? Script { get; init; }

    /// <summary>The settings <see cref="EngineSettings"/> holds for <paramref name="engine"/>; empty when none.</summary>
    public IReadOnlyDictionary<string, string> SettingsFor(string engine) =>
        EngineSettings is { } all && all.TryGetValue(engine, out var settings) && settings is not null ? settings : NoSettings;

    /// <summary>Total input size in GiB.</summary>
    public double InputGiB => Inputs.Sum(i => i.SizeGiB);

    /// <summary>
    /// Whether the job may be started again elsewhere, as a new attempt, when its center loses it (down past its
    /// lease, or the run vanished). True by default; false for work that must not run twice even after a loss
    /// (spec <c>requeue: false</c>, <c>#SBATCH --no-requeue</c>): such a job fails instead.
    /// </summary>
    public bool Requeue { get; init; } = true;
}
