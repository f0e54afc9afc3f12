using Suanwang.Model.Jobs;

namespace Suanwang.Traces.Workload;

/// <summary>A trace job made into a full job request by the <see cref="WorkloadModel"/>.</summary>
/// <param name="Request">The job as a user would have submitted it (its estimate may differ from the truth).</param>
/// <param name="SubmitTime">When it arrives.</param>
/// <param name="ActualReferenceHours">How long it really runs on its accelerators at reference speed
/// (the trace's duration scaled by the source hardware's speed); the simulator divides this by the
/// chosen accelerator's relative speed to get the true run time.</param>
public sealed record SimulatedJob(JobRequest Request, DateTimeOffset SubmitTime, double ActualReferenceHours);
