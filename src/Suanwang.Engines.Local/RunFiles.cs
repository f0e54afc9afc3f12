using System.Globalization;
using System.Text;

namespace Suanwang.Engines.Local;

/// <summary>
/// One run's directory, <c>&lt;runs&gt;/&lt;dispatch token&gt;/</c>, and the files in it (layout in the README).
/// Files the wrapper writes carry their time as the file's modification time; markers the engine writes
/// carry the engine's time (from its <see cref="TimeProvider"/>) as their first line.
/// </summary>
internal sealed class RunFiles(string directory)
{
    /// <summary>The run directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>The request envelope (<see cref="StoredRun"/>), written before the run is acknowledged.</summary>
    public string Request => Combine("request.json");
    /// <summary>The wrapper's flock, held while any process of the run lives.</summary>
    public string Lock => Combine("lock");
    /// <summary>Written by the wrapper when it starts the job: the wrapper's pid (= process group id).</summary>
    public string Started => Combine("started");
    /// <summary>Written by the wrapper when the job ends: its exit status.</summary>
    public string Exit => Combine("exit");
    /// <summary>Written by the engine: cancellation was asked for.</summary>
    public string Cancelled => Combine("cancelled");
    /// <summary>Written by the engine: the time limit passed and the run is being stopped.</summary>
    public string TimedOut => Combine("timed-out");
    /// <summary>Written by the engine: the run could not be started; the reason follows the time.</summary>
    public string StartFailed => Combine("start-failed");
    /// <summary>Written by the engine: when it found a started run's processes gone without a recorded exit.</summary>
    public string Ended => Combine("ended");
    /// <summary>The job's standard output.</summary>
    public string Stdout => Combine("stdout");
    /// <summary>The job's standard error.</summary>
    public string Stderr => Combine("stderr");
    /// <summary>The #SBATCH script, when the job came with one.</summary>
    public string Script => Combine("script");
    /// <summary>
    /// What the job starts with, NUL-separated: its environment (NAME=VALUE) then its command. Only the job's user may
    /// read it; it is shown in the sandbox, so no value of the environment ever appears in a process's arguments (which
    /// every local user can read in <c>ps</c>).
    /// </summary>
    public string Launch => Combine("launch");
    /// <summary>The job's working directory (also its HOME).</summary>
    public string Work => Combine("work");
    /// <summary>The job's TMPDIR.</summary>
    public string Temp => Combine("tmp");
    /// <summary>The wrapper's own messages (e.g. a missing flock).</summary>
    public string WrapperLog => Combine("wrapper.log");
    /// <summary>The job's <c>/etc/passwd</c> inside its sandbox (when it runs as its tenant's own user).</summary>
    public string Passwd => Combine("passwd");
    /// <summary>The job's <c>/etc/group</c> inside its sandbox (when it runs as its tenant's own user).</summary>
    public string Group => Combine("group");

    /// <summary>The output file's name in the run directory for <paramref name="stream"/>.</summary>
    public static string OutputName(OutputStream stream) => stream == OutputStream.Stdout ? "stdout" : "stderr";

    /// <summary>The output file for <paramref name="stream"/>.</summary>
    public string Output(OutputStream stream) => stream == OutputStream.Stdout ? Stdout : Stderr;

    /// <summary>The wrapper's <c>started</c> marker: its pid and the file's time; null when absent or unreadable.</summary>
    public (int ProcessGroupId, DateTimeOffset At)? ReadStarted()
    {
        if (ReadSmall("started") is not var (text, at)) return null;
        string first = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 1) pid = 0;
        return (pid, at);
    }

    /// <summary>The wrapper's <c>exit</c> marker: the exit status and the file's time; null when absent.</summary>
    public (int? Code, DateTimeOffset At)? ReadExit()
    {
        if (ReadSmall("exit") is not var (text, at)) return null;
        int? code = int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
        return (code, at);
    }

    /// <summary>An engine marker: the time on its first line, the rest as detail, and the file's own time (to order it against the wrapper's files).</summary>
    public EngineMarker? ReadMarker(string path)
    {
        if (ReadSmall(Path.GetFileName(path)) is not var (text, fileTime)) return null;
        string[] parts = text.Split('\n', 2);
        DateTimeOffset at = DateTimeOffset.TryParse(parts[0].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset parsed)
            ? parsed
            : fileTime;
        string? detail = parts.Length > 1 && parts[1].Trim().Length > 0 ? parts[1].Trim() : null;
        return new EngineMarker(at, fileTime, detail);
    }

    /// <summary>Writes an engine marker atomically: the time, then <paramref name="detail"/>.</summary>
    public void WriteMarker(string path, DateTimeOffset at, string? detail = null) =>
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(at.ToString("O", CultureInfo.InvariantCulture) + "\n" + (detail ?? "") + "\n"));

    /// <summary>The last <paramref name="maxChars"/> characters of the wrapper's log, for error messages.</summary>
    public string WrapperLogTail(int maxChars = 400)
    {
        string text = ReadSmall("wrapper.log")?.Text ?? "";
        text = text.Trim();
        return text.Length <= maxChars ? text : text[^maxChars..];
    }

    private string Combine(string name) => Path.Combine(Directory, name);

    // Markers are a few bytes; anything larger is not ours and is not read in full. Opened inside the run directory with
    // no link followed, and only as a regular file: anything else in a marker's place reads as absent.
    private (string Text, DateTimeOffset At)? ReadSmall(string name)
    {
        ConfinedFile? file;
        try
        {
            file = ConfinedFile.Open(Directory, name);
        }
        catch (NotARegularFileException)
        {
            return null;
        }
        if (file is null) return null;
        using (file)
        {
            var buffer = new byte[4096];
            int read = RandomAccess.Read(file.Handle, buffer, 0);
            return (Encoding.UTF8.GetString(buffer, 0, read), file.LastWriteTime);
        }
    }
}

/// <summary>A marker the engine wrote.</summary>
/// <param name="At">The engine's time written in it.</param>
/// <param name="FileTime">The file's modification time (the machine's clock, comparable with the wrapper's files).</param>
/// <param name="Detail">Text after the time, if any.</param>
internal sealed record EngineMarker(DateTimeOffset At, DateTimeOffset FileTime, string? Detail);

/// <summary>Crash-safe file writes: a temp file, fsync, rename over the target, fsync of the directory.</summary>
internal static class AtomicFile
{
    /// <summary>0644, for files shown read-only inside a job's sandbox (<see cref="FileModes.SharedReadable"/>).</summary>
    public const UnixFileMode SharedReadable = FileModes.SharedReadable;

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> so that a crash leaves either the old file or the new one,
    /// never a torn one. The file gets <paramref name="mode"/> (default 0600) whatever the process's umask.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode = FileModes.Private)
    {
        string temp = path + ".tmp";
        File.Delete(temp); // a leftover of a crash may have other modes; a new file gets ours
        using (FileStream stream = FileModes.CreateNew(temp, mode))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        Native.FsyncDirectory(Path.GetDirectoryName(path)!);
    }
}
