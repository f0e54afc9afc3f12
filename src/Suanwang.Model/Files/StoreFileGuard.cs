using System.Runtime.InteropServices;

namespace Suanwang.Model.Files;

/// <summary>
/// Keeps every code path but the store away from the store's files. Closing ANY descriptor of a file drops
/// all the POSIX locks the process holds on it (fcntl semantics), and SQLite's locks are POSIX locks: one
/// stray open and close of the store file — an output read through a symlink, a "carbon file" that is the
/// store — lets another process believe the broker has gone, check-point the log and delete it under the
/// broker, and acknowledged commits are lost at the next crash. So anything that opens a file whose name a
/// user or an operator influenced asks <see cref="IsStore(string)"/> (or <see cref="ThrowIfStore"/>) first.
/// <para>
/// Files are compared by identity (device and inode, following symlinks), so a symlink or a hard link to
/// the store is caught as well as its own name. The broker registers its SQLite file with
/// <see cref="Protect"/> at start; the log and index beside it (<c>-wal</c>, <c>-shm</c>, <c>-journal</c>)
/// are guarded with it, looked up at each check because SQLite may create them later.
/// </para>
/// <para>
/// The check is made before opening. A caller that must rule out a swap between the check and the open
/// opens with <c>O_PATH</c> (closing such a descriptor drops no locks), checks it with
/// <see cref="IsStore(int)"/> and then reopens it through <c>/proc/self/fd/N</c>.
/// </para>
/// </summary>
public static partial class StoreFileGuard
{
    private static readonly string[] Siblings = ["", "-wal", "-shm", "-journal"];
    private static readonly object Gate = new();
    private static string[] s_protected = [];

    /// <summary>
    /// Guards the store file <paramref name="storeFile"/> (and its -wal, -shm and -journal) until the returned
    /// registration is disposed. Registrations nest: several brokers in one process (tests) each hold one.
    /// </summary>
    public static IDisposable Protect(string storeFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeFile);
        string full = Path.GetFullPath(storeFile);
        lock (Gate) s_protected = [.. s_protected, full];
        return new Registration(full);
    }

    /// <summary>The store files currently guarded (full paths as registered), for messages and tests.</summary>
    public static IReadOnlyList<string> Protected => s_protected;

    /// <summary>
    /// True when <paramref name="path"/> is, or leads to (symlink, hard link, another name on the same
    /// device), a guarded store file or its log or index. A path that does not exist is not the store.
    /// </summary>
    public static bool IsStore(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var files = s_protected;
        if (files.Length == 0 || path.Length == 0) return false;
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return false; }
        foreach (string store in files)
            foreach (string suffix in Siblings)
                if (string.Equals(full, store + suffix, StringComparison.Ordinal)) return true;
        if (!OperatingSystem.IsLinux() || Identify(AtCurrentDirectory, full, 0) is not { } target) return false;
        return IsOneOf(target, files);
    }

    /// <summary>
    /// True when the open descriptor <paramref name="fd"/> (best an <c>O_PATH</c> one, whose closing drops no
    /// locks) refers to a guarded store file or its log or index.
    /// </summary>
    public static bool IsStore(int fd)
    {
        var files = s_protected;
        if (files.Length == 0 || !OperatingSystem.IsLinux()) return false;
        return Identify(fd, "", EmptyPath) is { } target && IsOneOf(target, files);
    }

    /// <summary>Throws <see cref="UnauthorizedAccessException"/> naming <paramref name="path"/> when <see cref="IsStore(string)"/>.</summary>
    public static void ThrowIfStore(string path)
    {
        if (IsStore(path)) throw new UnauthorizedAccessException($"'{path}' is the broker's store (or leads to it): only the store opens it");
    }

    private static bool IsOneOf((ulong Device, ulong Inode) target, string[] files)
    {
        foreach (string store in files)
            foreach (string suffix in Siblings)
                if (Identify(AtCurrentDirectory, store + suffix, 0) == target) return true;
        return false;
    }

    private static (ulong Device, ulong Inode)? Identify(int directory, string path, int flags)
    {
        if (Statx(directory, path, flags, BasicStats, out var stat) != 0) return null;
        return (((ulong)stat.DeviceMajor << 32) | stat.DeviceMinor, stat.Inode);
    }

    private const int AtCurrentDirectory = -100; // AT_FDCWD
    private const int EmptyPath = 0x1000;        // AT_EMPTY_PATH
    private const uint BasicStats = 0x7ff;       // STATX_BASIC_STATS

    // struct statx has one layout on every Linux architecture (unlike struct stat): only what is read is named.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    private sealed class Registration(string path) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (Gate)
            {
                var list = s_protected.ToList();
                list.Remove(path);
                s_protected = [.. list];
            }
        }
    }
}
