namespace Suanwang.Traces;

/// <summary>
/// A trace, read lazily: each enumeration opens the file and streams it row by row in constant
/// memory, yielding jobs in file order.
/// </summary>
public interface ITraceReader : IEnumerable<TraceJob>
{
    /// <summary>Which trace this is.</summary>
    TraceSource Source { get; }

    /// <summary>
    /// Statistics of the most recent enumeration, set when it ends (completed, stopped at the limit,
    /// or abandoned by the consumer); null before any enumeration has ended.
    /// </summary>
    TraceStats? Stats { get; }
}
