namespace Suanwang.Traces.Swf;

/// <summary>The header fields of an SWF log that matter for reading it (<c>; Key: value</c> comments).</summary>
/// <param name="Version">SWF version, e.g. <c>2.2</c>, or null.</param>
/// <param name="Computer">The machine, e.g. <c>Intel iPSC/860</c>, or null.</param>
/// <param name="Installation">Where it ran, or null.</param>
/// <param name="UnixStartTime">Seconds since 1970-01-01T00:00Z of the log's time 0, or null when absent.</param>
/// <param name="TimeZoneSeconds">The deprecated <c>TimeZone</c> field (seconds to add to UTC for local time), or null.</param>
/// <param name="TimeZoneString">The log's zone name, e.g. <c>US/Pacific</c>, or null.</param>
/// <param name="MaxProcs">Processors of the machine, or null.</param>
/// <param name="QueueNames">Queue number → name from <c>; Queue: 1 batch</c> lines.</param>
public sealed record SwfHeader(
    string? Version,
    string? Computer,
    string? Installation,
    long? UnixStartTime,
    long? TimeZoneSeconds,
    string? TimeZoneString,
    long? MaxProcs,
    IReadOnlyDictionary<long, string> QueueNames);
