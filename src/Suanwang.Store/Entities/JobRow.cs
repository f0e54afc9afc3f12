using Suanwang.Lifecycle;

namespace Suanwang.Store.Entities;

/// <summary>
/// A job as stored: its lifecycle state (versioned; every change compare-and-set on <see cref="Version"/>),
/// the request it was submitted as, its committed placement and what metering found. Times are Unix
/// milliseconds (UTC) so both providers store, index and compare them the same way.
/// </summary>
public sealed class JobRow
{
    /// <summary>Job id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning tenant.</summary>
    public required string Tenant { get; set; }
    /// <summary>Tier at submission.</summary>
    public required string Tier { get; set; }
    /// <summary>Human name.</summary>
    public required string Name { get; set; }
    /// <summary>Lifecycle state (stored as its name, e.g. <c>Queued</c>).</summary>
    public required JobState State { get; set; }
    /// <summary>Incremented by every transition; the concurrency token.</summary>
    public long Version { get; set; }
    /// <summary>Run attempt.</summary>
    public int Attempt { get; set; }
    /// <summary>Order of acceptance (ties in submission time broken by it).</summary>
    public long Sequence { get; set; }
    /// <summary>When the broker accepted it.</summary>
    public long SubmittedAtMs { get; set; }
    /// <summary>When its state last changed.</summary>
    public long UpdatedAtMs { get; set; }
    /// <summary>The last transition's reason.</summary>
    public required string Reason { get; set; }
    /// <summary>Accelerators the job holds while it runs (from its request; kept apart so capacity can be counted without reading the request).</summary>
    public int Accelerators { get; set; }
    /// <summary>CPU cores it holds.</summary>
    public int Cpus { get; set; }
    /// <summary>Host memory it holds, GiB.</summary>
    public double MemoryGiB { get; set; }
    /// <summary>
    /// The submission's body (<see cref="JobBodyRow"/>): its spec text and request, stored once for the whole
    /// submission however many array elements it made.
    /// </summary>
    public required string BodyId { get; set; }
    /// <summary>Index within its job array (the request is the body's, made this element's), or null for a job that is no array's element.</summary>
    public int? ArrayIndex { get; set; }
    /// <summary>
    /// The dependency (<c>afterok</c>) a waiting job is held for: it is not considered for placement until that job
    /// ends. Null for every job not held (and cleared by any transition out of the waiting states).
    /// </summary>
    public string? WaitsFor { get; set; }
    /// <summary>
    /// The body itself: required when submitting (all of a submission's jobs share one instance, stored once); on
    /// reading, full reads (<c>GetAsync</c>, <c>GetManyAsync</c>, <c>ListAsync</c>) attach it without its spec text,
    /// light reads leave it null. Not a column.
    /// </summary>
    public JobBodyRow? Body { get; set; }
    /// <summary>Center of the committed placement.</summary>
    public string? CenterId { get; set; }
    /// <summary>Pool of the committed placement.</summary>
    public string? PoolId { get; set; }
    /// <summary>Dispatch token of the current attempt (set when placed).</summary>
    public string? DispatchToken { get; set; }
    /// <summary>The committed placement decision with its explanation (API <c>DecisionView</c>, JSON); also the last "cannot place" decision while queued.</summary>
    public string? DecisionJson { get; set; }
    /// <summary>Planned dispatch time of the committed placement.</summary>
    public long? PlannedDispatchAtMs { get; set; }
    /// <summary>Planned start.</summary>
    public long? PlannedStartAtMs { get; set; }
    /// <summary>Planned finish.</summary>
    public long? PlannedFinishAtMs { get; set; }
    /// <summary>When the current attempt was handed to its engine.</summary>
    public long? DispatchedAtMs { get; set; }
    /// <summary>When the current attempt started running.</summary>
    public long? StartedAtMs { get; set; }
    /// <summary>When it ended.</summary>
    public long? EndedAtMs { get; set; }
    /// <summary>Exit code once finished.</summary>
    public int? ExitCode { get; set; }
    /// <summary>When its center was last seen unreachable while it ran there (start of the lease); set only while Unknown.</summary>
    public long? UnreachableSinceMs { get; set; }
    /// <summary>
    /// When the broker saw the job's center put its running attempt back in the center's own queue (node failure,
    /// preemption): the same attempt waits there to run again. Set only while Running, until the run starts again.
    /// </summary>
    public long? RequeuedByCenterAtMs { get; set; }
    /// <summary>Metered cost of the real run.</summary>
    public double? ActualCostYuan { get; set; }
    /// <summary>Metered facility energy of the real run.</summary>
    public double? ActualEnergyKwh { get; set; }
    /// <summary>Metered carbon of the real run, kg.</summary>
    public double? ActualCarbonKg { get; set; }
    /// <summary>Accelerator-hours of the real run (for quotas).</summary>
    public double? ActualAcceleratorHours { get; set; }
    /// <summary>Core-hours of the real run.</summary>
    public double? ActualCpuHours { get; set; }
}

/// <summary>
/// What a submission's text became, stored once per submission: the spec as submitted and the request every job
/// of the submission is made from (the job itself, or for an array the request each element derives from).
/// </summary>
public sealed class JobBodyRow
{
    /// <summary>The submission's id: the job's id, or for an array the array's (its elements are <c>{Id}_{index}</c>).</summary>
    public required string Id { get; set; }
    /// <summary>Owning tenant.</summary>
    public required string Tenant { get; set; }
    /// <summary>The spec text exactly as submitted (empty when read without it).</summary>
    public required string SpecText { get; set; }
    /// <summary>Where the spec came from (file name or "request body").</summary>
    public required string SpecSource { get; set; }
    /// <summary>The request (the core's <c>JobRequest</c>, JSON), as the broker's codec stores it.</summary>
    public required string RequestJson { get; set; }
    /// <summary>When stored.</summary>
    public long CreatedAtMs { get; set; }
}

/// <summary>One transition of a job, appended in the same transaction that changes the job.</summary>
public sealed class JobEventRow
{
    /// <summary>The job.</summary>
    public required string JobId { get; set; }
    /// <summary>The version the transition produced (1 = submission).</summary>
    public long Version { get; set; }
    /// <summary>State before (null for the submission).</summary>
    public JobState? FromState { get; set; }
    /// <summary>State after.</summary>
    public required JobState ToState { get; set; }
    /// <summary>When.</summary>
    public long AtMs { get; set; }
    /// <summary>Why.</summary>
    public required string Reason { get; set; }
    /// <summary>Run attempt.</summary>
    public int Attempt { get; set; }
}

/// <summary>An idempotency key a tenant used, and the jobs it created.</summary>
public sealed class IdempotencyRow
{
    /// <summary>The primary key: tenant and key joined by a unit separator, so a batch's keys are found by exact index lookups.</summary>
    public required string Scope { get; set; }
    /// <summary>Tenant that used the key (keys are per tenant).</summary>
    public required string Tenant { get; set; }
    /// <summary>The key.</summary>
    public required string Key { get; set; }
    /// <summary>SHA-256 of the submitted body: a reused key with a different body is refused.</summary>
    public required string BodyHash { get; set; }
    /// <summary>The jobs created, comma-separated in array order.</summary>
    public required string JobIds { get; set; }
    /// <summary>When first used.</summary>
    public long CreatedAtMs { get; set; }

    /// <summary>The <see cref="Scope"/> of <paramref name="key"/> used by <paramref name="tenant"/>.</summary>
    public static string ScopeOf(string tenant, string key) => tenant + "\u001f" + key;
}
