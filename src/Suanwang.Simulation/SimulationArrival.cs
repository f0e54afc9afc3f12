using Suanwang.Model.Jobs;

namespace Suanwang.Simulation;

/// <summary>One job arriving in a simulation.</summary>
/// <param name="Job">The job as the placement core sees it (its work estimate included).</param>
/// <param name="SubmitTime">When it is submitted.</param>
/// <param name="ActualReferenceHours">How much work it really is, in reference-accelerator hours (may differ from the estimate).</param>
public readonly record struct SimulationArrival(JobRequest Job, DateTimeOffset SubmitTime, double ActualReferenceHours);
