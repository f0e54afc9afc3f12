namespace Suanwang.Security.Tests.Support;

/// <summary>What the test (not the job) sees of this machine's processes.</summary>
public static class HostProcesses
{
    /// <summary>The PID namespace the test runs in, as <c>readlink /proc/self/ns/pid</c> prints it (e.g. <c>pid:[4026531836]</c>).</summary>
    public static string PidNamespace => new FileInfo("/proc/self/ns/pid").LinkTarget ?? "";

    /// <summary>Ids of the processes whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> WithMarker(string marker)
    {
        var found = new List<int>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out int pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(marker, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
