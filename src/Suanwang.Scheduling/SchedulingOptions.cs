namespace Suanwang.Scheduling;

/// <summary>When a placeable job is committed to a center.</summary>
public enum BindingRule
{
    /// <summary>
    /// Only when it can have its resources there without waiting for capacity (it may still wait for its data or an
    /// hour it chose); the rest wait in the network's queue, in fair-share order, and are decided again as capacity
    /// frees. The default: see ADR 0009.
    /// </summary>
    Late,

    /// <summary>At once, wherever it is placed, even if it must wait there for capacity (kept to measure against).</summary>
    Early,
}

/// <summary>How a scheduling pass works through the queue: the same settings for the broker and the simulator.</summary>
/// <param name="ReservationDepth">
/// How many of the highest-priority waiting jobs get a tentative reservation in each pass, so that later jobs only
/// backfill around them (Slurm's backfill does the same).
/// </param>
/// <param name="MaxAttemptsPerPass">How many waiting jobs one pass places at most (Slurm: <c>bf_max_job_test</c>).</param>
/// <param name="MaxConsecutiveMisses">
/// Past the reservation depth, a pass stops after this many jobs in a row that could not start: a congested queue is
/// not rescanned in full at every completion (Slurm bounds its backfill the same way).
/// </param>
/// <param name="Binding">When a placeable job is committed.</param>
public sealed record SchedulingOptions(int ReservationDepth = 64, int MaxAttemptsPerPass = 256, int MaxConsecutiveMisses = 8, BindingRule Binding = BindingRule.Late)
{
    /// <summary>The defaults.</summary>
    public static SchedulingOptions Default { get; } = new();
}
