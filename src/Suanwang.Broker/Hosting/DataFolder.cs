using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Suanwang.Broker.Hosting;

/// <summary>
/// Keeps the data folder the broker's alone: the process's umask becomes 077 (everything the broker creates
/// from then on — the store and its log, run folders, requests with their <c>env:</c> secrets, outputs — is
/// readable by its owner only), and the folder itself and the store files of an older install, made before
/// this, are narrowed to 0700 and 0600 (said once in the log).
/// </summary>
public static partial class DataFolder
{
    /// <summary>The umask the broker runs with: no bits for group or others.</summary>
    public const int Umask = 0b000_111_111; // 077

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupAndOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                                UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);

    /// <summary>Sets the process's umask to <see cref="Umask"/> (process-wide: every thread, every child).</summary>
    public static void RestrictUmask()
    {
        if (!OperatingSystem.IsWindows()) SetUmask(Umask);
    }

    /// <summary>
    /// Narrows <paramref name="dataDirectory"/> to 0700 and each of <paramref name="storeFiles"/> that exists to
    /// 0600 when they allow more; returns what was changed, as "path 0755 → 0700" lines (empty when nothing was).
    /// </summary>
    public static IReadOnlyList<string> Narrow(string dataDirectory, IEnumerable<string> storeFiles, ILogger logger)
    {
        var changed = new List<string>();
        if (OperatingSystem.IsWindows()) return changed;
        NarrowOne(dataDirectory, OwnerOnlyFolder, changed, logger);
        foreach (string file in storeFiles)
            if (File.Exists(file)) NarrowOne(file, OwnerOnlyFile, changed, logger);
        if (changed.Count > 0) LogNarrowed(logger, string.Join(", ", changed));
        return changed;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void NarrowOne(string path, UnixFileMode wanted, List<string> changed, ILogger logger)
    {
        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupAndOthers) == 0) return;
            File.SetUnixFileMode(path, (mode & ~GroupAndOthers) | wanted);
            changed.Add($"{path} {Octal(mode)} -> {Octal(File.GetUnixFileMode(path))}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCannotNarrow(logger, path, e.Message);
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0b111_111_111, 8).PadLeft(4, '0');

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Narrowed permissions left by an older install to the broker's user alone: {Changes}")]
    private static partial void LogNarrowed(ILogger logger, string changes);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Cannot narrow the permissions of {Path} to the broker's user alone: {Error}")]
    private static partial void LogCannotNarrow(ILogger logger, string path, string error);
}
