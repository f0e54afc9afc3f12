namespace Suanwang.Broker.Tests.Support;

/// <summary>A test that mounts a filesystem (tmpfs, a loop device) or sets file attributes: skipped, with the reason, when not run as root.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (mounts a filesystem)";
        else if (Environment.UserName != "root" && !IsRoot()) Skip = "needs root: it mounts a filesystem of its own for the broker's data folder";
    }

    private static bool IsRoot()
    {
        try { return File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0"); }
        catch (IOException) { return false; }
    }
}
