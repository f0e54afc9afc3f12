namespace Suanwang.Model.Paths;

/// <summary>
/// A path with every symbolic link in it resolved, like POSIX <c>realpath</c>, so that a check of where a file
/// lies is made on the file that will actually be opened: a link inside an allowed folder that points outside
/// it resolves to the outside path. Used wherever a path from a network description is confined to folders
/// the operator chose (series files, slurmrestd sockets).
/// </summary>
public static class RealPath
{
    /// <summary>Links followed before giving up (Linux's own limit).</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// The real path of <paramref name="path"/> (absolute). Components that do not exist are kept as written;
    /// throws <see cref="IOException"/> for a link loop.
    /// </summary>
    public static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? "/";
        var pending = new Stack<string>(Parts(full[root.Length..]).Reverse());
        string current = root;
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part is "" or ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            string next = Path.Join(current, part);
            string? target = LinkTarget(next);
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"too many levels of symbolic links in '{path}'");
            // The target's parts replace this one; an absolute target starts again from its root.
            if (Path.IsPathRooted(target))
            {
                root = Path.GetPathRoot(target) ?? "/";
                current = root;
                target = target[root.Length..];
            }
            foreach (string p in Parts(target).Reverse()) pending.Push(p);
        }
        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies inside it (both real, absolute paths).</summary>
    public static bool IsInside(string path, string folder)
    {
        string prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path == folder || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string[] Parts(string path) => path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // not there or not readable: kept as written, and opening it will say why
        }
    }
}
