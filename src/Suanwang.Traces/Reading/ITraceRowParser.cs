namespace Suanwang.Traces.Reading;

/// <summary>
/// One format's knowledge: its header, its comments and its rows. The shared read loop
/// (<see cref="TraceReadLoop"/>) does the rest — filters, limits, counting, error policy.
/// A parser instance serves one enumeration.
/// </summary>
internal interface ITraceRowParser
{
    /// <summary>True when the first non-blank, non-comment line is a header (CSV formats).</summary>
    bool HasHeaderLine { get; }

    /// <summary>True for comment lines (SWF <c>;</c>), which are passed to <see cref="ReadComment"/>.</summary>
    bool IsComment(string line);

    /// <summary>Takes in a comment line (e.g. SWF header fields).</summary>
    void ReadComment(string line);

    /// <summary>Takes in the header line; throws <see cref="Model.Errors.SpecException"/> when it is not this format's.</summary>
    void ReadHeader(string line, string location);

    /// <summary>Parses one data row into a job, a skip or a malformed-row verdict.</summary>
    RowOutcome Parse(string line, long sequence);

    /// <summary>Assumptions made while reading, for <see cref="TraceStats.Notes"/>.</summary>
    IReadOnlyList<string> Notes();
}
