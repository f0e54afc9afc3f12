using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Suanwang.Engines;

/// <summary>
/// A regular file opened for reading from inside a directory the broker trusts, when that directory may hold
/// files someone else put there (a run's folder, a shared work directory): no symbolic link is followed on
/// any component of the path, the path cannot leave the directory, and only a regular file with one link
/// is accepted. Open with <see cref="Open(string, string)"/>.
/// </summary>
/// <remarks>
/// Without this, a job that replaces its <c>stdout</c> with a link to <c>/etc/shadow</c> or to the broker's
/// store would make the broker read (and serve) that file, and opening then closing a SQLite file drops
/// SQLite's POSIX locks for the whole process. The file is opened with <c>O_NONBLOCK</c>, so a FIFO in its
/// place cannot hang the caller, and refused before a byte is read. Uses <c>openat2</c> with
/// <c>RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV</c> (Linux 5.6), and
/// falls back to opening one component at a time with <c>O_NOFOLLOW</c> where <c>openat2</c> is missing or
/// filtered. Linux only.
/// </remarks>
public sealed partial class ConfinedFile : IDisposable
{
    private ConfinedFile(SafeFileHandle handle, long length, DateTimeOffset lastWriteTime)
    {
        Handle = handle;
        Length = length;
        LastWriteTime = lastWriteTime;
    }

    /// <summary>The open file (read-only, close-on-exec).</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>Its length when it was opened, in bytes.</summary>
    public long Length { get; }

    /// <summary>Its modification time when it was opened.</summary>
    public DateTimeOffset LastWriteTime { get; }

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();

    /// <summary>
    /// Opens <paramref name="relativePath"/> (names separated by <c>/</c>; no <c>.</c>, <c>..</c> or empty name)
    /// beneath <paramref name="directory"/>. Null when it, or the directory, does not exist.
    /// </summary>
    /// <exception cref="NotARegularFileException">Something else is in its place: a symbolic link on the way or at the end, a directory, a FIFO, a socket, a device, or a file with more than one hard link.</exception>
    /// <exception cref="ArgumentException"><paramref name="relativePath"/> is absolute or has an empty, <c>.</c> or <c>..</c> name.</exception>
    /// <exception cref="IOException">The file cannot be opened for another reason (permissions, I/O).</exception>
    public static ConfinedFile? Open(string directory, string relativePath) => Open(directory, relativePath, useOpenat2: true);

    /// <summary>As <see cref="Open(string, string)"/>; <paramref name="useOpenat2"/> false forces the component-by-component fallback (for tests).</summary>
    internal static ConfinedFile? Open(string directory, string relativePath, bool useOpenat2)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(relativePath);
        string[] names = relativePath.Split('/');
        if (relativePath.Length == 0 || names.Any(n => n is "" or "." or ".."))
            throw new ArgumentException($"'{relativePath}' is not a relative path of plain names", nameof(relativePath));

        int fd = -1;
        if (useOpenat2)
        {
            fd = OpenBeneath(directory, relativePath, out int error);
            if (fd < 0 && error is not (ErrorNoSystemCall or ErrorNotPermitted or ErrorTooBig)) return Failed(error, directory, relativePath);
        }
        if (fd < 0)
        {
            fd = OpenComponentwise(directory, names, out int error);
            if (fd < 0) return Failed(error, directory, relativePath);
        }

        // fd is an O_PATH descriptor: checking what it is opens nothing, and closing it drops no POSIX lock the
        // process holds on that file (closing a real descriptor of the store would drop the store's locks).
        using var located = new SafeFileHandle(fd, ownsHandle: true);
        (uint mode, uint links, long size, DateTimeOffset modified) = Stat(located, directory, relativePath);
        if ((mode & FileTypeMask) != RegularFile || links != 1)
            throw new NotARegularFileException($"'{relativePath}' in '{directory}' is not a regular file with one link");
        if (Suanwang.Model.Files.StoreFileGuard.IsStore(fd))
            throw new NotARegularFileException($"'{relativePath}' in '{directory}' is the broker's store");
        var handle = Reopen(located, directory, relativePath);
        return new ConfinedFile(handle, size, modified);
    }

    // The checked inode itself, opened for reading through its O_PATH descriptor.
    private static SafeFileHandle Reopen(SafeFileHandle located, string directory, string relativePath)
    {
        bool added = false;
        try
        {
            located.DangerousAddRef(ref added);
            string self = "/proc/self/fd/" + located.DangerousGetHandle().ToInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            while (true)
            {
                int fd = OpenPath(self, ReadOnly | NonBlocking | NoControllingTerminal | CloseOnExec, 0);
                if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
                int error = Marshal.GetLastPInvokeError();
                if (error == ErrorInterrupted) continue;
                if (error == ErrorAccess) throw new UnauthorizedAccessException($"cannot open '{relativePath}' in '{directory}': permission denied");
                throw new IOException($"cannot open '{relativePath}' in '{directory}' (errno {error})");
            }
        }
        finally
        {
            if (added) located.DangerousRelease();
        }
    }

    private static ConfinedFile? Failed(int error, string directory, string relativePath) => error switch
    {
        ErrorNoEntry or ErrorNotDirectory => null,
        ErrorLoop or ErrorCrossDevice or ErrorNoDevice => throw new NotARegularFileException($"'{relativePath}' in '{directory}' is reached through a link, another file system or is a socket"),
        ErrorAccess => throw new UnauthorizedAccessException($"cannot open '{relativePath}' in '{directory}': permission denied"),
        _ => throw new IOException($"cannot open '{relativePath}' in '{directory}' (errno {error})"),
    };

    // ---- libc --------------------------------------------------------------------------------------------

    private const int ErrorNotPermitted = 1;  // EPERM (a seccomp filter may answer so for openat2)
    private const int ErrorNoEntry = 2;       // ENOENT
    private const int ErrorInterrupted = 4;   // EINTR
    private const int ErrorNoDevice = 6;      // ENXIO: a socket
    private const int ErrorTooBig = 7;        // E2BIG: open_how larger than this kernel knows
    private const int ErrorAccess = 13;       // EACCES
    private const int ErrorCrossDevice = 18;  // EXDEV: RESOLVE_BENEATH / RESOLVE_NO_XDEV refused
    private const int ErrorNotDirectory = 20; // ENOTDIR
    private const int ErrorLoop = 40;         // ELOOP: a symbolic link where none may be
    private const int ErrorNoSystemCall = 38; // ENOSYS

    private const int AtCurrentDirectory = -100;
    private const int AtEmptyPath = 0x1000;
    private const long Openat2SystemCall = 437; // the same number on every architecture since Linux 5.6

    private const ulong ResolveNoCrossDevice = 0x01, ResolveNoMagicLinks = 0x02, ResolveNoSymlinks = 0x04, ResolveBeneath = 0x08;

    private const uint FileTypeMask = 0xF000;
    private const uint RegularFile = 0x8000;

    private const int ReadOnly = 0x0;
    private const int NoControllingTerminal = 0x100;
    private const int NonBlocking = 0x800;
    private const int PathOnly = 0x200000;
    private const int CloseOnExec = 0x80000;

    // O_DIRECTORY and O_NOFOLLOW are where x86-64 and arm64 differ.
    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static int DirectoryOnly => Arm ? 0x4000 : 0x10000;
    private static int NoFollow => Arm ? 0x8000 : 0x20000;

    // The last name is located, not opened: an O_PATH descriptor is checked before the file is opened for reading.
    private static int FileFlags => PathOnly | NoFollow | CloseOnExec;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenPath(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAt(int directory, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SystemCallOpenat2(long number, int directory, string path, ref OpenHow how, nuint size);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    private static int OpenBeneath(string directory, string relativePath, out int error)
    {
        int parent = OpenDirectory(directory, out error);
        if (parent < 0) return -1;
        try
        {
            var how = new OpenHow
            {
                Flags = (ulong)FileFlags,
                Resolve = ResolveBeneath | ResolveNoSymlinks | ResolveNoMagicLinks | ResolveNoCrossDevice,
            };
            while (true)
            {
                long fd = SystemCallOpenat2(Openat2SystemCall, parent, relativePath, ref how, (nuint)Marshal.SizeOf<OpenHow>());
                error = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (fd >= 0 || error != ErrorInterrupted) return (int)fd;
            }
        }
        finally
        {
            Close(parent);
        }
    }

    private static int OpenComponentwise(string directory, string[] names, out int error)
    {
        int current = OpenDirectory(directory, out error);
        if (current < 0) return -1;
        for (int i = 0; i < names.Length; i++)
        {
            bool last = i == names.Length - 1;
            int flags = last ? FileFlags : PathOnly | DirectoryOnly | NoFollow | CloseOnExec;
            int next;
            while (true)
            {
                next = OpenAt(current, names[i], flags, 0);
                error = next < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (next >= 0 || error != ErrorInterrupted) break;
            }
            Close(current);
            // O_NOFOLLOW|O_PATH|O_DIRECTORY on a link to a directory answers ENOTDIR: a link is a link.
            if (next < 0 && !last && error == ErrorNotDirectory && IsLinkOrOther(directory, names, i)) error = ErrorLoop;
            if (next < 0) return -1;
            current = next;
        }
        return current;
    }

    // Tells a symbolic link (refused) from a plain file (absent path) where a directory was expected.
    private static bool IsLinkOrOther(string directory, string[] names, int index) =>
        new FileInfo(Path.Combine(directory, string.Join('/', names[..(index + 1)]))).LinkTarget is not null;

    private static int OpenDirectory(string directory, out int error)
    {
        while (true)
        {
            int fd = OpenPath(directory, PathOnly | DirectoryOnly | CloseOnExec, 0);
            error = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (fd >= 0 || error != ErrorInterrupted) return fd;
        }
    }

    private static unsafe (uint Mode, uint Links, long Size, DateTimeOffset Modified) Stat(SafeFileHandle handle, string directory, string relativePath)
    {
        const uint Wanted = 0x1 | 0x2 | 0x4 | 0x40 | 0x200; // STATX_TYPE | MODE | NLINK | MTIME | SIZE
        byte* buffer = stackalloc byte[256];
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, Wanted, buffer) != 0)
                throw new IOException($"cannot stat '{relativePath}' in '{directory}' (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        var stat = new ReadOnlySpan<byte>(buffer, 256);
        uint links = BinaryPrimitives.ReadUInt32LittleEndian(stat[16..]);
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(stat[28..]);
        long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(stat[40..]);
        long seconds = BinaryPrimitives.ReadInt64LittleEndian(stat[112..]);
        uint nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(stat[120..]);
        var modified = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100);
        return (mode, links, size, modified);
    }
}

/// <summary>What should be a run's regular file is something else (a link, a FIFO, a directory, a hard-linked file); it is never read.</summary>
public sealed class NotARegularFileException(string message) : IOException(message);
