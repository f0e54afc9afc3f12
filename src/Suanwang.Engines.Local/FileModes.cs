namespace Suanwang.Engines.Local;

/// <summary>
/// Modes of what the engine creates, set explicitly rather than left to the process's umask: folders 0700, files 0600,
/// and 0644 only for files a job's sandbox shows read-only inside a run folder no one else may enter.
/// </summary>
internal static class FileModes
{
    /// <summary>0700.</summary>
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0600: what the engine's files get unless a job must read them.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0644: for files shown read-only inside a job's sandbox.</summary>
    public const UnixFileMode SharedReadable = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Creates <paramref name="path"/> (and missing parents) and makes it 0700, whatever the umask or an earlier mode.</summary>
    public static void PrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the local engine runs on Linux only");
        Directory.CreateDirectory(path, PrivateFolder);
        File.SetUnixFileMode(path, PrivateFolder);
    }

    /// <summary>A <see cref="FileStream"/> on a new file (it must not exist) that gets <paramref name="mode"/> whatever the umask.</summary>
    public static FileStream CreateNew(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the local engine runs on Linux only");
        var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = Private });
        try
        {
            File.SetUnixFileMode(stream.SafeFileHandle, mode);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return stream;
    }
}
