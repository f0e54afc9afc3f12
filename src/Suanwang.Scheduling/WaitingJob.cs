using Suanwang.Model.Jobs;

namespace Suanwang.Scheduling;

/// <summary>A job in the network's queue: its request, when it was submitted, and its arrival sequence (the last tie-break).</summary>
/// <remarks>Drivers derive from it to carry their own record of the job (the broker its stored row, the simulator its arrival).</remarks>
public class WaitingJob(JobRequest request, double submitSeconds, long sequence)
{
    /// <summary>What was asked for.</summary>
    public JobRequest Request { get; } = request;

    /// <summary>When it was submitted (seconds since the Unix epoch).</summary>
    public double SubmitSeconds { get; } = submitSeconds;

    /// <summary>Arrival order.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>Left the queue (bound or refused); the queue drops it lazily.</summary>
    internal bool Removed { get; set; }
}
