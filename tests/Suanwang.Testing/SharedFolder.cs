namespace Suanwang.Testing;

/// <summary>
/// A temporary folder that jobs on a local center can use once the center exposes it: local centers run jobs in a
/// sandbox, as another user when the broker is root, so a test's folder is out of their sight unless exposed
/// (engine setting <c>exposeWritable</c>), and writable by them only if every user may write it.
/// </summary>
public static class SharedFolder
{
    /// <summary>Creates a new temporary folder, readable and writable by every user id (0777).</summary>
    public static string Create(string prefix)
    {
        string folder = Directory.CreateTempSubdirectory(prefix).FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        return folder;
    }
}
