using System.Runtime.InteropServices;

namespace Suanwang.Engines.Local;

/// <summary>
/// The few libc calls .NET does not expose: flock(2) probes and waits, kill(2) on a process group, fsync(2) on a
/// directory, lchown(2), geteuid(2), realpath(3). flock is called directly rather than through <c>FileShare.None</c>: .NET does take
/// flock(LOCK_EX) for that on Linux today, but silently skips it when
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> is set, and a run's liveness must not depend on a switch.
/// </summary>
internal static partial class Native
{
    // Linux generic values (x86-64 and arm64 agree; alpha, sparc and parisc differ and are not supported).
    private const int ReadOnly = 0x0;
    private const int ReadWrite = 0x2;
    private const int Create = 0x40;
    private const int CloseOnExec = 0x80000;

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    private const int ErrorNoEntry = 2;       // ENOENT
    private const int ErrorNoProcess = 3;     // ESRCH
    private const int ErrorInterrupted = 4;   // EINTR
    private const int ErrorWouldBlock = 11;   // EWOULDBLOCK = EAGAIN

    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;
    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lchown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint Getegid();

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr Realpath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    /// <summary>This process's effective user id (0 for root).</summary>
    public static uint EffectiveUserId => Geteuid();

    /// <summary>This process's effective group id.</summary>
    public static uint EffectiveGroupId => Getegid();

    /// <summary>Changes the owner of <paramref name="path"/> itself (never a link's target).</summary>
    public static void ChangeOwner(string path, uint owner, uint group)
    {
        if (Lchown(path, owner, group) != 0)
            throw new IOException($"cannot give '{path}' to uid {owner} (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>The absolute path of <paramref name="path"/> with every symbolic link resolved; null when it does not exist.</summary>
    public static string? ResolvedPath(string path)
    {
        IntPtr resolved = Realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>
    /// Takes an exclusive flock on <paramref name="path"/> (creating the file, mode 0600), waiting for it, and returns the
    /// descriptor that holds it (close-on-exec); release with <see cref="ReleaseLock"/>.
    /// </summary>
    public static int HoldLock(string path)
    {
        int fd = OpenRetrying(path, ReadWrite | Create | CloseOnExec, 0b110_000_000 /* 0600 */);
        if (fd < 0) throw new IOException($"cannot open lock file '{path}' (errno {Marshal.GetLastPInvokeError()})");
        while (true)
        {
            if (Flock(fd, LockExclusive) == 0) return fd;
            int error = Marshal.GetLastPInvokeError();
            if (error == ErrorInterrupted) continue;
            Close(fd);
            throw new IOException($"cannot lock '{path}' (errno {error})");
        }
    }

    /// <summary>
    /// True when some process holds an exclusive flock on <paramref name="path"/>; false when the lock is
    /// free or the file does not exist. Probing takes the lock for an instant and releases it.
    /// </summary>
    public static bool IsLockHeld(string path)
    {
        int fd = OpenRetrying(path, ReadOnly | CloseOnExec, 0);
        if (fd < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error == ErrorNoEntry) return false;
            throw new IOException($"cannot open lock file '{path}' (errno {error})");
        }
        try
        {
            if (Flock(fd, LockExclusive | LockNonBlocking) == 0) return false; // closing the fd releases it
            int error = Marshal.GetLastPInvokeError();
            if (error == ErrorWouldBlock) return true;
            throw new IOException($"cannot probe lock file '{path}' (errno {error})");
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>
    /// Takes an exclusive flock on <paramref name="path"/> (creating the file) and returns the descriptor
    /// that holds it, or -1 when another process holds it. The descriptor is close-on-exec so runs never
    /// inherit it.
    /// </summary>
    public static int TryHoldLock(string path)
    {
        int fd = OpenRetrying(path, ReadWrite | Create | CloseOnExec, 0b110_000_000 /* 0600 */);
        if (fd < 0) throw new IOException($"cannot open lock file '{path}' (errno {Marshal.GetLastPInvokeError()})");
        if (Flock(fd, LockExclusive | LockNonBlocking) == 0) return fd;
        int error = Marshal.GetLastPInvokeError();
        Close(fd);
        if (error == ErrorWouldBlock) return -1;
        throw new IOException($"cannot lock '{path}' (errno {error})");
    }

    /// <summary>Releases a lock taken by <see cref="TryHoldLock"/> or <see cref="HoldLock"/>.</summary>
    public static void ReleaseLock(int fd)
    {
        if (fd >= 0) Close(fd);
    }

    /// <summary>fsync(2) on a directory, so a rename inside it survives a power cut.</summary>
    public static void FsyncDirectory(string path)
    {
        int fd = OpenRetrying(path, ReadOnly | CloseOnExec, 0);
        if (fd < 0) throw new IOException($"cannot open directory '{path}' (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"cannot fsync directory '{path}' (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to every process in process group <paramref name="processGroupId"/>.
    /// False when the group no longer exists.
    /// </summary>
    public static bool SignalProcessGroup(int processGroupId, int signal)
    {
        // kill(-1) would reach every process we may signal and kill(0) our own group: never.
        if (processGroupId <= 1) throw new ArgumentOutOfRangeException(nameof(processGroupId), processGroupId, "not a run's process group");
        if (Kill(-processGroupId, signal) == 0) return true;
        int error = Marshal.GetLastPInvokeError();
        if (error == ErrorNoProcess) return false;
        throw new IOException($"cannot signal process group {processGroupId} (errno {error})");
    }

    private static int OpenRetrying(string path, int flags, int mode)
    {
        while (true)
        {
            int fd = Open(path, flags, mode);
            if (fd >= 0 || Marshal.GetLastPInvokeError() != ErrorInterrupted) return fd;
        }
    }
}
