using System.Diagnostics;

namespace Suanwang.Broker.Tests.Support;

/// <summary>
/// A filesystem of the test's own, mounted on a fresh temporary folder (root only; see <see cref="RootFactAttribute"/>):
/// a small tmpfs to fill up, or an ext4 image on a loop device to freeze. Disposing thaws, unmounts and removes it.
/// </summary>
public sealed class Mount : IDisposable
{
    private readonly string? _image;

    private Mount(string path, string? image)
    {
        Path = path;
        _image = image;
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>A tmpfs of <paramref name="megabytes"/> MiB.</summary>
    public static Mount Tmpfs(int megabytes)
    {
        string path = Directory.CreateTempSubdirectory("suanwang-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", path);
        return new Mount(path, null);
    }

    /// <summary>An ext4 filesystem of <paramref name="megabytes"/> MiB in an image file, on a loop device (it can be frozen).</summary>
    public static Mount LoopExt4(int megabytes)
    {
        string image = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"suanwang-ext4-{Guid.NewGuid():N}.img");
        using (var file = File.Create(image)) file.SetLength(megabytes * 1024L * 1024);
        Run("mkfs.ext4", "-q", "-F", image);
        string path = Directory.CreateTempSubdirectory("suanwang-ext4-").FullName;
        Run("mount", "-o", "loop", image, path);
        return new Mount(path, image);
    }

    /// <summary>
    /// Freezes the filesystem (writes block in the kernel until thawed) and leaves a watchdog that thaws it after
    /// <paramref name="atMost"/> whatever becomes of the test. Returns the watchdog, to kill once thawed.
    /// </summary>
    public Process Freeze(TimeSpan atMost)
    {
        var watchdog = Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", $"sleep {(int)atMost.TotalSeconds}; fsfreeze -u '{Path}'"]) { UseShellExecute = false })!;
        Run("fsfreeze", "-f", Path);
        return watchdog;
    }

    /// <summary>Thaws a frozen filesystem (no error when it is not frozen).</summary>
    public void Thaw() => TryRun("fsfreeze", "-u", Path);

    /// <summary>Fills the filesystem up with one file; returns its path (delete it to free the space).</summary>
    public string Fill()
    {
        string filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[1024 * 1024];
        Random.Shared.NextBytes(chunk);
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true) stream.Write(chunk);
        }
        catch (IOException)
        {
            // Full to the last megabyte; now the last bytes.
            for (int size = 512 * 1024; size >= 512; size /= 2)
                try { while (true) stream.Write(chunk, 0, size); } catch (IOException) { }
        }
        return filler;
    }

    public void Dispose()
    {
        Thaw();
        TryRun("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        if (_image is not null) File.Delete(_image);
    }

    public static void Run(string program, params string[] arguments)
    {
        var (code, output) = Execute(program, arguments);
        if (code != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({code}): {output}");
    }

    private static void TryRun(string program, params string[] arguments) => Execute(program, arguments);

    private static (int Code, string Output) Execute(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
