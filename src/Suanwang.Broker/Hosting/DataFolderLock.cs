using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Suanwang.Broker.Hosting;

/// <summary>
/// One broker per data folder: an exclusive <c>flock</c> on <c>DATA/broker.lock</c>, held for the broker's life
/// (the kernel releases it when the process ends, however it ends), with the holder's pid written inside for
/// the refusal to name. flock is called directly, not through <c>FileShare.None</c>, which .NET skips when
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> is set; the descriptor is close-on-exec, so no job inherits it.
/// </summary>
public sealed partial class DataFolderLock : IDisposable
{
    /// <summary>The lock file's name in the data folder.</summary>
    public const string FileName = "broker.lock";

    private readonly SafeFileHandle _handle;

    private DataFolderLock(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the data folder's lock, or throws <see cref="BrokerAlreadyRunningException"/> naming the broker that holds it.</summary>
    public static DataFolderLock Acquire(string dataDirectory)
    {
        string path = System.IO.Path.Combine(dataDirectory, FileName);
        int fd = Open(path, ReadWrite | Create | CloseOnExec, 0b110_000_000 /* 0600 */);
        if (fd < 0) throw new IOException($"cannot open the data folder's lock file {path} (errno {Marshal.GetLastPInvokeError()})");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (Flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            string holder = ReadHolder(handle);
            handle.Dispose();
            if (error != WouldBlock) throw new IOException($"cannot lock the data folder's lock file {path} (errno {error})");
            throw new BrokerAlreadyRunningException(
                $"another broker{holder} is running on the data folder {dataDirectory} (it holds {path}); " +
                "stop it first, or give this one another --data");
        }
        byte[] pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, pid, 0);
        return new DataFolderLock(path, handle);
    }

    // " (pid N)" when the holder wrote its pid, else "".
    private static string ReadHolder(SafeFileHandle handle)
    {
        try
        {
            var buffer = new byte[32];
            int read = RandomAccess.Read(handle, buffer, 0);
            string text = System.Text.Encoding.ASCII.GetString(buffer, 0, read).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? $" (pid {pid})" : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Releases the lock (closing the descriptor releases the flock).</summary>
    public void Dispose() => _handle.Dispose();

    // Linux generic values (x86-64 and arm64 agree).
    private const int ReadWrite = 0x2;
    private const int Create = 0x40;
    private const int CloseOnExec = 0x80000;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11; // EWOULDBLOCK = EAGAIN

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}

/// <summary>Another broker already runs on this data folder or store: this one must not start.</summary>
public sealed class BrokerAlreadyRunningException(string message) : Exception(message);
