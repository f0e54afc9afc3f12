using System.Collections;
using Suanwang.Model.Errors;
using Suanwang.Traces.Reading;

namespace Suanwang.Traces;

/// <summary>
/// Base of the format readers: each enumeration opens the file afresh and streams it, so a reader
/// can be enumerated again (e.g. once for statistics, once for the simulation).
/// </summary>
public abstract class TraceReader : ITraceReader
{
    private TraceStats? stats;

    /// <exception cref="SpecException">The options are invalid (every problem listed).</exception>
    private protected TraceReader(string path, TraceFormat format, string defaultName, TraceReadOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Options = options ?? TraceReadOptions.Default;
        if (Options.Validate() is { Count: > 0 } errors) throw new SpecException("trace read options", errors);
        Source = new TraceSource(Options.TraceName ?? defaultName, format, path);
    }

    /// <inheritdoc />
    public TraceSource Source { get; }

    /// <summary>The options this reader applies.</summary>
    public TraceReadOptions Options { get; }

    /// <inheritdoc />
    public TraceStats? Stats => Volatile.Read(ref stats);

    /// <summary>Streams the trace's jobs in file order, applying the options' window and limit.</summary>
    /// <exception cref="SpecException">The file is missing, is not this format, or has too many malformed rows.</exception>
    public IEnumerator<TraceJob> GetEnumerator() =>
        TraceReadLoop.Read(Source, CreateParser(), Options, s => Volatile.Write(ref stats, s)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A fresh parser for one enumeration.</summary>
    private protected abstract ITraceRowParser CreateParser();
}
