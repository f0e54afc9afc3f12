namespace Suanwang.Simulation;

/// <summary>How the simulated broker schedules.</summary>
/// <param name="ReservationDepth">
/// How many of the highest-priority waiting jobs get a (tentative) reservation in each scheduling
/// pass, so that later jobs may only backfill around them (Slurm's backfill does the same).
/// </param>
/// <param name="MaxAttemptsPerPass">How many waiting jobs one pass considers at most (Slurm: <c>bf_max_job_test</c>).</param>
/// <param name="MaxConsecutiveMisses">
/// Past the reservation depth, a pass stops after this many jobs in a row that could not start:
/// a congested queue is not rescanned in full at every completion (Slurm bounds its backfill the same way).
/// </param>
/// <param name="TimelineBucketSeconds">Width of the buckets of the load-over-time series.</param>
public sealed record SimulationOptions(int ReservationDepth = 64, int MaxAttemptsPerPass = 256, int MaxConsecutiveMisses = 8, double TimelineBucketSeconds = 3600)
{
    /// <summary>The defaults.</summary>
    public static SimulationOptions Default { get; } = new();
}
