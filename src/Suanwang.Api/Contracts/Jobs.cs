using System.Text.Json.Serialization;
using Suanwang.Lifecycle;

namespace Suanwang.Api.Contracts;

/// <summary>A job as the API shows it.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Name">Human name.</param>
/// <param name="Tenant">Owning tenant.</param>
/// <param name="Tier">Tenant tier at submission.</param>
/// <param name="State">Lifecycle state.</param>
/// <param name="Version">Record version: incremented by every transition.</param>
/// <param name="Attempt">Run attempt (1 for the first run).</param>
/// <param name="SubmittedAt">When the broker accepted it.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="CenterId">Center it is placed on (null before placement).</param>
/// <param name="PoolId">Node pool it is placed on.</param>
/// <param name="StartedAt">When its current attempt started running.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="ExitCode">Exit code once finished.</param>
/// <param name="Reason">Why it is in its state (the last transition's reason).</param>
/// <param name="Spec">The job as submitted, in Suanwang's terms (resources, work, data, constraints, preferences).</param>
public sealed record JobView(
    string Id,
    string Name,
    string Tenant,
    string Tier,
    JobState State,
    long Version,
    int Attempt,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    string? CenterId,
    string? PoolId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    int? ExitCode,
    string Reason,
    JobSpecView Spec);

/// <summary>The parts of a job's spec most people look at.</summary>
/// <param name="Kind">batch or service.</param>
/// <param name="Command">argv.</param>
/// <param name="Accelerators">Accelerators in total.</param>
/// <param name="AcceleratorModels">Allowed accelerator models (empty = any).</param>
/// <param name="Cpus">CPU cores.</param>
/// <param name="MemoryGiB">Host memory.</param>
/// <param name="ReferenceHours">Work in hours on reference accelerators.</param>
/// <param name="TimeLimitHours">Hard time limit, if any.</param>
/// <param name="InputGiB">Input data size.</param>
/// <param name="Residency">Residency zone, if any.</param>
/// <param name="Deadline">Deadline, if any.</param>
/// <param name="MaxPriceYuan">Price ceiling, if any.</param>
/// <param name="CarbonWeight">Carbon preference 0..1.</param>
/// <param name="FlexibleStartHours">Hours it may be deferred.</param>
public sealed record JobSpecView(
    string Kind,
    IReadOnlyList<string> Command,
    int Accelerators,
    IReadOnlyList<string> AcceleratorModels,
    int Cpus,
    double MemoryGiB,
    double ReferenceHours,
    double? TimeLimitHours,
    double InputGiB,
    string? Residency,
    DateTimeOffset? Deadline,
    double? MaxPriceYuan,
    double CarbonWeight,
    double FlexibleStartHours);

/// <summary>The answer to a submission: the jobs it created (several for a job array).</summary>
/// <param name="Jobs">The jobs, in array-index order.</param>
/// <param name="Replayed">True when the Idempotency-Key had been used before: these are the jobs created then, nothing new was created.</param>
public sealed record SubmitResult(IReadOnlyList<JobView> Jobs, bool Replayed);

/// <summary>A page of jobs, newest first.</summary>
/// <param name="Items">The jobs.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; null on the last page.</param>
public sealed record JobPage(IReadOnlyList<JobView> Items, string? NextCursor);

/// <summary>One state transition in a job's history.</summary>
/// <param name="Version">The record version it produced.</param>
/// <param name="From">State before (null for the submission).</param>
/// <param name="To">State after.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why.</param>
/// <param name="Attempt">Run attempt.</param>
public sealed record JobEventView(long Version, JobState? From, JobState To, DateTimeOffset At, string Reason, int Attempt);

/// <summary>A slice of a job's output.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Stream">Which stream.</param>
/// <param name="Text">The text read.</param>
/// <param name="NextOffset">Byte offset to ask for next.</param>
/// <param name="Complete">True when the job has ended and all of the stream has been read.</param>
public sealed record OutputView(string JobId, OutputStream Stream, string Text, long NextOffset, bool Complete);

/// <summary>One of a job's output streams, written in lower case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputStream>))]
public enum OutputStream
{
    /// <summary>Standard output.</summary>
    [JsonStringEnumMemberName("stdout")] Stdout,
    /// <summary>Standard error.</summary>
    [JsonStringEnumMemberName("stderr")] Stderr,
}

/// <summary>What a job is predicted to cost and, once it ran, what it did cost.</summary>
/// <param name="JobId">The job.</param>
/// <param name="CenterId">Where it ran (or is placed).</param>
/// <param name="Estimated">The placement's prediction (null before placement).</param>
/// <param name="Actual">Metered from the real start and end (null until it ran).</param>
public sealed record MeteringView(string JobId, string? CenterId, MeterFigures? Estimated, MeterFigures? Actual);

/// <summary>Cost, energy and carbon of one run.</summary>
/// <param name="StartAt">Start of the run.</param>
/// <param name="EndAt">End of the run.</param>
/// <param name="RuntimeSeconds">Run time.</param>
/// <param name="CostYuan">Compute plus transfer cost.</param>
/// <param name="EnergyKwh">Facility energy (IT × PUE).</param>
/// <param name="CarbonKg">Carbon over the run's hours, kg CO₂.</param>
public sealed record MeterFigures(DateTimeOffset StartAt, DateTimeOffset EndAt, double RuntimeSeconds, double CostYuan, double EnergyKwh, double CarbonKg);
