using System.Diagnostics;

namespace Suanwang.Broker.Tests.Scale;

/// <summary>Figures the scale tests print: bytes a SQLite store occupies, and a process's resident memory.</summary>
internal static class StoreFigures
{
    /// <summary>The store file and its write-ahead log in <paramref name="dataDirectory"/> (an upper bound: the log may hold pages twice).</summary>
    public static long StoreBytes(string dataDirectory) =>
        new[] { "suanwang.db", "suanwang.db-wal" }.Select(f => Path.Combine(dataDirectory, f)).Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <summary>Resident memory of process <paramref name="pid"/> (this one by default), from the kernel's own count.</summary>
    public static long RssBytes(int? pid = null)
    {
        string status = File.ReadAllText($"/proc/{pid ?? Environment.ProcessId}/status");
        string line = status.Split('\n').First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:0.0} MB";

    public static string Seconds(Stopwatch clock) => $"{clock.Elapsed.TotalSeconds:0.0} s";
}
