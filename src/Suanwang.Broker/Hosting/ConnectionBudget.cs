using System.Globalization;

namespace Suanwang.Broker.Hosting;

/// <summary>
/// Fits the connection limits to the process's file-descriptor limit: every open connection (a live stream is one
/// for as long as it lasts) holds a descriptor, and a process out of descriptors cannot open its store or a job's
/// files, so at most half of them go to connections and at most half of the connections to live streams.
/// </summary>
public static class ConnectionBudget
{
    /// <summary>The options with <see cref="BrokerOptions.MaxConnections"/> and <see cref="BrokerOptions.MaxLiveStreams"/> lowered where the descriptor limit needs it, and what was lowered.</summary>
    /// <param name="options">The options as given.</param>
    /// <param name="descriptorLimit">The process's descriptor limit (null: unknown, nothing is lowered).</param>
    public static (BrokerOptions Options, IReadOnlyList<string> Lowered) Fit(BrokerOptions options, long? descriptorLimit)
    {
        var lowered = new List<string>();
        int connections = options.MaxConnections;
        if (descriptorLimit is { } limit && connections > limit / 2)
        {
            connections = (int)Math.Max(1, limit / 2);
            lowered.Add($"connections from {options.MaxConnections} to {connections} (half of the {limit} file descriptors this process may open)");
        }
        int streams = options.MaxLiveStreams;
        if (streams > connections / 2)
        {
            streams = Math.Max(1, connections / 2);
            lowered.Add($"live streams from {options.MaxLiveStreams} to {streams} (half of the {connections} connections)");
        }
        return (options with { MaxConnections = connections, MaxLiveStreams = streams }, lowered);
    }

    /// <summary>The soft limit on open files of this process, from <c>/proc/self/limits</c> (null where that is not there, or it says unlimited).</summary>
    public static long? DescriptorLimit()
    {
        const string path = "/proc/self/limits";
        if (!File.Exists(path)) return null;
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                string[] words = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return words.Length > 0 && long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out long soft) ? soft : null;
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}
