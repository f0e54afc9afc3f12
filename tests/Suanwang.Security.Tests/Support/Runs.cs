namespace Suanwang.Security.Tests.Support;

/// <summary>Processes of a broker's local centers, and the broker's own memory.</summary>
public static class Runs
{
    /// <summary>
    /// Stops every process group a local center of the broker in <paramref name="dataDirectory"/> started (each
    /// run folder's <c>started</c> marker holds it), so nothing outlives the test.
    /// </summary>
    public static void KillAll(string dataDirectory)
    {
        string centers = Path.Combine(dataDirectory, "centers");
        if (!Directory.Exists(centers)) return;
        foreach (string started in Directory.EnumerateFiles(centers, "started", SearchOption.AllDirectories).ToArray())
        {
            string text;
            try { text = File.ReadAllText(started); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            foreach (string word in text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(word, out int pid) && pid > 1)
                    // "--" is essential: procps kill reads "kill -9 -1234" as kill(-1), every process there is.
                    try { System.Diagnostics.Process.Start("kill", ["-s", "KILL", "--", $"-{pid}"])?.WaitForExit(); }
                    catch (System.ComponentModel.Win32Exception) { }
        }
    }
}

/// <summary>Reads a process's memory from <c>/proc</c>.</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS of <paramref name="pid"/> in bytes, or null when the process is gone.</summary>
    public static long? ResidentBytes(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    public static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";
}
