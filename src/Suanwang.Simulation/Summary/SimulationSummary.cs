namespace Suanwang.Simulation.Summary;

/// <summary>Mean and percentiles of a distribution (percentiles within 1%, see <see cref="Metrics.LogHistogram"/>).</summary>
public sealed record Distribution(double Mean, double P50, double P95, double P99);

/// <summary>An input file: its name (not its path, so summaries compare across machines) and content hash.</summary>
/// <param name="Name">File or bundled network name.</param>
/// <param name="Sha256">Hex SHA-256 of the content (for a network: its revision, which covers its series files).</param>
public sealed record InputFile(string Name, string Sha256);

/// <summary>The trace and how it was read.</summary>
/// <param name="File">Name and hash.</param>
/// <param name="Format">Trace format.</param>
/// <param name="RowsRead">Data rows read.</param>
/// <param name="JobsUsed">Jobs replayed.</param>
/// <param name="Skipped">Rows skipped, by reason.</param>
public sealed record TraceInput(InputFile File, string Format, long RowsRead, long JobsUsed, IReadOnlyDictionary<string, long> Skipped);

/// <summary>What went into a simulation, enough to re-run it.</summary>
/// <param name="Network">Network name and revision.</param>
/// <param name="Trace">The trace.</param>
/// <param name="Seed">Seed of the workload model.</param>
/// <param name="CapacityScale">Multiplier applied to every pool's node count.</param>
/// <param name="WorkloadModel">The workload model's rules, as text.</param>
/// <param name="Scheduler">The simulated broker's settings.</param>
public sealed record SimulationInputs(InputFile Network, TraceInput Trace, int Seed, double CapacityScale, IReadOnlyList<string> WorkloadModel, SimulationOptions Scheduler);

/// <summary>Bounds no policy can beat on this trace and network, and how each was computed.</summary>
/// <param name="MeanCompletionNoQueueSeconds">Mean completion time if every job ran at its best center the moment it arrived (no queueing anywhere).</param>
/// <param name="MeanCompletionPooledSeconds">Mean completion time with all capacity pooled into one center of the fastest accelerators, no data transfer.</param>
/// <param name="CarbonGreenestKg">Carbon if every job ran at its greenest feasible center and hour (within a day), capacity ignored.</param>
/// <param name="Jobs">Jobs the bounds cover.</param>
/// <param name="Method">How each bound is computed.</param>
public sealed record LowerBounds(double MeanCompletionNoQueueSeconds, double MeanCompletionPooledSeconds, double CarbonGreenestKg, long Jobs, IReadOnlyList<string> Method);

/// <summary>A policy's result divided by each bound (1.0 = optimal); carbon compares means per completed job, so refused jobs do not flatter a policy.</summary>
public sealed record BoundRatios(double CompletionVsNoQueue, double CompletionVsPooled, double CarbonVsGreenest);

/// <summary>One tier's experience.</summary>
/// <param name="Name">Tier.</param>
/// <param name="Jobs">Jobs completed.</param>
/// <param name="MeanSlowdown">Mean bounded slowdown (completion ÷ max(run time, 10 s)).</param>
/// <param name="MeanWaitSeconds">Mean wait.</param>
/// <param name="WorkShare">Share of all work it received.</param>
/// <param name="GuaranteedShare">Its guaranteed share of the network.</param>
public sealed record TierSummary(string Name, long Jobs, double MeanSlowdown, double MeanWaitSeconds, double WorkShare, double GuaranteedShare);

/// <summary>Fair access across tiers.</summary>
/// <param name="JainIndexOfTierSlowdowns">Jain's index of the tiers' mean slowdowns: 1 = every tier slowed equally, 1/n = one tier bears it all.</param>
/// <param name="Tiers">Per tier.</param>
public sealed record FairnessSummary(double JainIndexOfTierSlowdowns, IReadOnlyList<TierSummary> Tiers);

/// <summary>How much work a center took.</summary>
public sealed record CenterShare(string Id, bool Western, long Jobs, double WorkShare, double MeanUtilisation);

/// <summary>One policy's results.</summary>
public sealed record PolicySummary(
    string Name,
    string Description,
    long Jobs,
    long Completed,
    long Unplaceable,
    long RejectedDeadlineOrPrice,
    Distribution CompletionSeconds,
    Distribution WaitSeconds,
    double MeanStageInSeconds,
    double MakespanSeconds,
    double AcceleratorUtilisation,
    double CpuPoolUtilisation,
    double CostYuan,
    double EnergyKwh,
    double CarbonKg,
    double WaterLitres,
    double RenewableShare,
    double WesternShare,
    FairnessSummary Fairness,
    long JobsWithDeadline,
    long MissedDeadlines,
    long DeferredJobs,
    double MeanDeferralSeconds,
    double MeanAbsoluteFinishErrorSeconds,
    BoundRatios VersusBounds,
    IReadOnlyList<CenterShare> Centers);

/// <summary>The content of <c>summary.json</c>.</summary>
/// <param name="Format">Format tag, bumped when the layout changes.</param>
/// <param name="Inputs">What went in.</param>
/// <param name="Bounds">Lower bounds.</param>
/// <param name="Policies">One entry per policy, in the order asked for.</param>
/// <param name="Definitions">What each figure means.</param>
public sealed record SimulationSummary(string Format, SimulationInputs Inputs, LowerBounds Bounds, IReadOnlyList<PolicySummary> Policies, IReadOnlyDictionary<string, string> Definitions);

/// <summary>Series behind the report's plots for one policy.</summary>
/// <param name="Policy">Policy name.</param>
/// <param name="WaitCdf">(wait seconds, fraction of jobs) points.</param>
/// <param name="CompletionCdf">(completion seconds, fraction of jobs) points.</param>
/// <param name="TimelineOriginSeconds">Start of the first load bucket, seconds since epoch.</param>
/// <param name="TimelineBucketSeconds">Bucket width.</param>
/// <param name="CenterUtilisation">Per center (network order), per bucket: busy share of the center's capacity.</param>
public sealed record PolicySeries(
    string Policy,
    IReadOnlyList<(double Value, double Fraction)> WaitCdf,
    IReadOnlyList<(double Value, double Fraction)> CompletionCdf,
    double TimelineOriginSeconds,
    double TimelineBucketSeconds,
    IReadOnlyList<double[]> CenterUtilisation);

/// <summary>Everything a report shows: the summary plus the plotted series.</summary>
/// <param name="Summary">The summary.</param>
/// <param name="CenterIds">Center ids in network order (matching <see cref="PolicySeries.CenterUtilisation"/>).</param>
/// <param name="CenterNames">Display names (Chinese where the network has them).</param>
/// <param name="Series">Per policy.</param>
public sealed record SimulationReportData(SimulationSummary Summary, IReadOnlyList<string> CenterIds, IReadOnlyList<string> CenterNames, IReadOnlyList<PolicySeries> Series);
