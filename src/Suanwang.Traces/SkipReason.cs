namespace Suanwang.Traces;

/// <summary>Why a trace row did not become a job.</summary>
public enum SkipReason
{
    /// <summary>The row could not be parsed (field count, number, timestamp).</summary>
    Malformed,
    /// <summary>The job's run time is zero or negative (e.g. SWF run time -1, a pod deleted when created).</summary>
    NonPositiveDuration,
    /// <summary>The job asks for no accelerators and no CPUs.</summary>
    NoResources,
    /// <summary>Submitted outside the <see cref="TraceReadOptions.From"/>/<see cref="TraceReadOptions.To"/> window (a filter, not a data problem).</summary>
    OutsideWindow,
}
